// The Redis the tests use (started by scripts/ensure-services.sh), and cleanup of the
// keys one test wrote under its own prefix.
import { createClient } from "redis";

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix no other test run shares. */
export const testPrefix = (name: string) => `parley-test-${name}-${process.pid}-${Date.now()}`;

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) if (keys.length) await redis.del(keys);
  } finally {
    await redis.quit();
  }
}
