// The Redis connection several Parley nodes share: the Socket.io adapter publishes on it
// and the exercise lock runs its scripts on it (the same connection keeps their order).
import { createClient } from "redis";
import type { Logger } from "../logger";

export type RedisClient = ReturnType<typeof createClient>;

export async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createClient({ url });
  // Without a listener an error event would crash the process; the client reconnects.
  client.on("error", (err: unknown) => logger.error({ err }, "redis connection error"));
  await client.connect();
  return client;
}
