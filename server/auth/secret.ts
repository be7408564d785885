import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The secret that encrypts session cookies: NEXTAUTH_SECRET when set, otherwise one made
 * on first start and kept in a file so sessions survive restarts.
 */
export function resolveAuthSecret(fromEnv: string | undefined, file: string): { secret: string; generated: boolean } {
  if (fromEnv) return { secret: fromEnv, generated: false };
  if (existsSync(file)) return { secret: readFileSync(file, "utf8").trim(), generated: false };
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, generated: true };
}
