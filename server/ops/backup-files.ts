// The backup folder: one file a backup, named by the moment it was taken, so that names
// sort in time order and retention never touches anything else in the folder.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export type Provider = "sqlite" | "postgresql";

const EXTENSION: Record<Provider, string> = { sqlite: "db", postgresql: "dump" };
const NAME = /^parley-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z)\.(db|dump)$/;

export interface BackupFile {
  name: string;
  path: string;
  takenAt: Date;
}

/** parley-2025-03-01T06-00-00.000Z.db (SQLite) or .dump (pg_dump's custom format). */
export function backupFileName(provider: Provider, at: Date): string {
  return `parley-${at.toISOString().replaceAll(":", "-")}.${EXTENSION[provider]}`;
}

/** The backups in a folder, oldest first; a missing folder has none. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .flatMap((name) => {
      const match = NAME.exec(name);
      if (!match?.[1]) return [];
      const [day, time] = match[1].split("T") as [string, string];
      const takenAt = new Date(`${day}T${time.replace(/^(\d{2})-(\d{2})-/, "$1:$2:")}`);
      return Number.isNaN(takenAt.getTime()) ? [] : [{ name, path: join(dir, name), takenAt }];
    })
    .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime() || a.name.localeCompare(b.name));
}

/** Deletes all but the newest `keep` backups; answers the paths it deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number of at least 1, not ${keep}`);
  const backups = listBackups(dir);
  const doomed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const backup of doomed) rmSync(backup.path, { force: true });
  return doomed.map((b) => b.path);
}
