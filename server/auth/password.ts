// Passwords are stored only as argon2id hashes (salted, deliberately slow).
import { hash, parseOptions, verify } from "@node-rs/argon2";

// argon2id with OWASP's minimum recommendation (19 MiB, 2 passes).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** argon2 version 0x13, the library's default. */
const VERSION = 1;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Whether a stored hash was made with other parameters than today's (then it is remade at the next sign-in). */
export function needsRehash(stored: string): boolean {
  try {
    const used = parseOptions(stored);
    return (
      used.algorithm !== OPTIONS.algorithm ||
      used.version !== VERSION ||
      used.memoryCost !== OPTIONS.memoryCost ||
      used.timeCost !== OPTIONS.timeCost ||
      used.parallelism !== OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}
