// Passwords are stored only as argon2id hashes (salted, deliberately slow).
import { hash, verify } from "@node-rs/argon2";

// argon2id with OWASP's minimum recommendation (19 MiB, 2 passes).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

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
