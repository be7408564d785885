import { publicUrl, type Env } from "../config/env";

/**
 * Parley's own origins: the ones allowed to open sockets and to send state-changing
 * requests. The localhost forms serve development only; in production the address
 * people use is PUBLIC_URL (http://localhost:PORT when it is unset).
 */
export function ownOrigins(env: Pick<Env, "PUBLIC_URL" | "PORT" | "NODE_ENV" | "ALLOWED_ORIGINS">): string[] {
  const local = env.NODE_ENV === "production" ? [] : [`http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`];
  return [...new Set([publicUrl(env), ...local, ...env.ALLOWED_ORIGINS])];
}
