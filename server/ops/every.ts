// How often scheduled backups run (BACKUP_EVERY): "30m", "6h", "1d", "1h30m".
import { z } from "zod";

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MIN_MS = UNIT_MS.m;
const MAX_MS = 30 * UNIT_MS.d;
const SHAPE = /^(\d+[smhd])+$/;

/** Milliseconds of a duration such as "6h"; throws an error that says what is accepted. */
export function parseEvery(text: string): number {
  const value = text.trim().toLowerCase();
  if (!SHAPE.test(value)) {
    throw new Error(`"${text}" is not a duration: write a number and a unit (s, m, h, d), like 30m, 6h, 1d or 1h30m`);
  }
  let ms = 0;
  for (const [, count, unit] of value.matchAll(/(\d+)([smhd])/g)) ms += Number(count) * UNIT_MS[unit as keyof typeof UNIT_MS];
  // Less than a minute apart, backups would overlap with their own pruning and fill a disk.
  if (ms < MIN_MS) throw new Error(`"${text}" is too often: backups run at most once a minute`);
  if (ms > MAX_MS) throw new Error(`"${text}" is too rare: at most 30d between backups`);
  return ms;
}

/** BACKUP_EVERY as the environment gives it, parsed into milliseconds. */
export const everySchema = z.string().transform((text, ctx) => {
  try {
    return parseEvery(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});
