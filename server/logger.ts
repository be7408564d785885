import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/** Fields that must never reach a log in clear, at the top of a record or one level down
 *  (`{ user: { email } }`), and in request headers as pino's serializers lay them out. */
const SECRET_FIELDS = ["email", "password", "passwordHash", "cookie", "authorization"];
export const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  "req.headers.cookie",
  "req.headers.authorization",
  'headers["set-cookie"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, name = "parley", destination?: DestinationStream): Logger {
  const options = { name, level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}
