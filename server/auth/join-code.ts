import { randomInt } from "node:crypto";
import { z } from "zod";

// No 0/O, 1/I/L: codes are read aloud and typed from a projector.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const LENGTH = 10; // 31^10 ≈ 8·10^14 codes: not guessable within any rate limit

export function newJoinCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Accepts what people type: lower case, spaces or dashes between groups. */
export const joinCodeSchema = z
  .string()
  .transform((v) => v.toUpperCase().replace(/[\s-]/g, ""))
  .pipe(
    z
      .string()
      .length(LENGTH, "a join code has 10 characters")
      .regex(/^[2-9A-HJKMNP-Z]+$/, "that is not a join code"),
  );

export function formatJoinCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
