import { z } from "zod";
import { everySchema } from "../ops/every";

const databaseUrl = z
  .string()
  .trim()
  .min(1)
  .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
    message: "must be a SQLite file URL (file:./data/parley.db) or a postgresql:// URL",
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Unset: every interface, except in production without PUBLIC_URL (see parseEnv).
  HOST: z.string().trim().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: databaseUrl.default("file:./data/parley.db"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // The address people use to reach Parley; WebSocket upgrades from other origins are refused.
  PUBLIC_URL: z.url({ error: "must be a URL like https://parley.example.edu" }).optional(),
  // More origins allowed to open sockets, comma-separated.
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ error: "must be a comma-separated list of origins" }))),
  // Signs session cookies. Unset: a random secret is created once in data/auth-secret.
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  // Optional single sign-on through an OpenID Connect provider: all three or none.
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("Institution sign-in"),
  // Who becomes a facilitator on first single sign-on: users of these email domains, or
  // members of these groups (in the token claim OIDC_GROUPS_CLAIM). Nobody else, unless an
  // administrator created their account first. Comma-separated.
  OIDC_STAFF_DOMAINS: z.string().default(""),
  OIDC_STAFF_GROUPS: z.string().default(""),
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).default("groups"),
  // Several nodes: the Redis they share (Socket.io adapter, exercise lock). Needs PostgreSQL.
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional(),
  // Keys and the Socket.io stream in Redis start with this (several Parleys on one Redis).
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9:_-]+$/, "letters, digits, ':', '_' and '-' only")
    .default("parley"),
  // Behind a reverse proxy: take the client address from the last X-Forwarded-For entry
  // (the one the proxy added) for rate limits. Only set it when a proxy is in front.
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  // People one join code admits per scenario role (a cap on accounts per exercise).
  PARTICIPANTS_PER_ROLE: z.coerce.number().int().positive().default(4),
  // Messages one participant may send per 10 seconds.
  MESSAGES_PER_10S: z.coerce.number().int().positive().default(20),
  // A CPU profile of the server is written here on SIGUSR2 (benchmarks).
  PROFILE_DIR: z.string().trim().min(1).optional(),
  // Production over plain http at a non-local address: only when a lab says so explicitly.
  ALLOW_HTTP: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  // Apply pending Prisma migrations before serving (prisma migrate deploy).
  MIGRATE_ON_START: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((v) => v === "true" || v === "1"),
  // Where `npm run db:backup` and scheduled backups write their files (server/ops/backup.ts).
  BACKUP_DIR: z.string().trim().min(1).default("./data/backups"),
  // The running server backs up this often ("30m", "6h", "1d"); unset: only by hand. Milliseconds once parsed.
  BACKUP_EVERY: everySchema.optional(),
  // Backups kept in BACKUP_DIR, the oldest deleted first; unset: all are kept.
  BACKUP_KEEP: z.coerce.number().int().positive().optional(),
  // Ended exercises are deleted this many days after they ended (checked at boot and daily); unset: kept.
  RETENTION_DAYS: z.coerce.number().int().positive().optional(),
  // Optional email for invitation and password-reset links (smtp:// or smtps://, with credentials if needed).
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  // The sender of those emails.
  SMTP_FROM: z.string().trim().min(3).default("Parley <parley@localhost>"),
  // Bearer token for GET /metrics; unset: only clients on this machine, connected directly, may read them.
  METRICS_TOKEN: z.string().trim().min(16, "must be at least 16 characters").optional(),
  // On SIGTERM/SIGINT: how long sockets are given (after a notice) before they are closed, in ms.
  // Unset: 5000 in production, 0 otherwise (a development restart does not wait).
  DRAIN_MS: z.coerce.number().int().min(0).max(120_000).optional(),
});

export type Env = Omit<z.infer<typeof envSchema>, "HOST"> & { HOST: string };

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1", "[::1]"];

const oidcVariables = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once at boot; every problem names its variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) {
    const set = oidcVariables.filter((name) => result.data[name] !== undefined);
    if (set.length > 0 && set.length < oidcVariables.length) {
      const missing = oidcVariables.filter((name) => !set.includes(name));
      throw new ConfigError(missing.map((name) => `${name}: is required when ${set.join(", ")} is set (single sign-on)`));
    }
    if (result.data.REDIS_URL && databaseProvider(result.data.DATABASE_URL) !== "postgresql") {
      throw new ConfigError(["DATABASE_URL: several nodes (REDIS_URL is set) need a shared postgresql:// database, not a SQLite file"]);
    }
    const url = result.data.PUBLIC_URL ? new URL(result.data.PUBLIC_URL) : null;
    const loopback = url !== null && LOOPBACK_HOSTS.includes(url.hostname);
    const production = result.data.NODE_ENV === "production";
    if (production && url && url.protocol !== "https:" && !loopback && !result.data.ALLOW_HTTP) {
      throw new ConfigError([
        "PUBLIC_URL: production needs an https:// address (session cookies are Secure only over https); set ALLOW_HTTP=true for a lab without TLS",
      ]);
    }
    // Production without PUBLIC_URL (a fresh clone's `npm start`) serves this machine only:
    // others need the https address their links and Secure cookies are made for.
    const thisMachineOnly = production && !url && !result.data.ALLOW_HTTP;
    const host = result.data.HOST ?? (thisMachineOnly ? "127.0.0.1" : "0.0.0.0");
    if (thisMachineOnly && !LOOPBACK_HOSTS.includes(host)) {
      throw new ConfigError([
        `PUBLIC_URL: production serving other machines (HOST=${host}) needs PUBLIC_URL=https://… (the address people use); leave HOST unset to serve this machine only, or set ALLOW_HTTP=true for a lab without TLS`,
      ]);
    }
    if (result.data.REDIS_URL && !result.data.NEXTAUTH_SECRET) {
      throw new ConfigError([
        "NEXTAUTH_SECRET: several nodes (REDIS_URL is set) must share one secret, or a session made on one node is refused by the others",
      ]);
    }
    return { ...result.data, HOST: host };
  }
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`));
}

export function databaseProvider(url: string): "sqlite" | "postgresql" {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

export function publicUrl(env: Pick<Env, "PUBLIC_URL" | "PORT">): string {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}
