import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { openDatabase } from "../../server/db/client";
import { checkHealth } from "../../server/http/health";
import { openTestDatabase, providers } from "../helpers/databases";
import { REDIS_URL } from "../helpers/redis";

describe("health check", () => {
  it.each(providers)("reports ok when %s answers", async (provider) => {
    const db = await openTestDatabase(provider);
    try {
      expect(await checkHealth(db)).toEqual({ status: 200, body: { status: "ok", db: "ok" } });
    } finally {
      await db.close();
    }
  });

  // Port 1 on loopback has no PostgreSQL: a real refused connection.
  const unreachable = openDatabase("postgresql://parley@127.0.0.1:1/parley");
  afterAll(async () => (await unreachable).close());

  it("answers 503 with a reason when the database cannot be reached", async () => {
    const health = await checkHealth(await unreachable);
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: "error", db: "unreachable" });
    expect(health.body).toHaveProperty("reason", expect.stringMatching(/cannot be reached|did not answer/));
  });

  describe("in a cluster", () => {
    const ping = (client: ReturnType<typeof createClient>) => ({ ping: async () => void (await client.ping()) });

    it("also reports Redis", async () => {
      const db = await openTestDatabase("sqlite");
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      try {
        expect(await checkHealth(db, ping(redis))).toEqual({ status: 200, body: { status: "ok", db: "ok", redis: "ok" } });
      } finally {
        await redis.quit();
        await db.close();
      }
    });

    it("answers 503 when Redis cannot be reached, though the database can", async () => {
      const db = await openTestDatabase("sqlite");
      // Nothing listens on port 1: the connection is refused and not retried.
      const redis = createClient({ url: "redis://127.0.0.1:1", socket: { reconnectStrategy: false } });
      redis.on("error", () => undefined);
      await redis.connect().catch(() => undefined);
      try {
        const health = await checkHealth(db, ping(redis));
        expect(health).toMatchObject({ status: 503, body: { status: "error", db: "ok", redis: "unreachable" } });
        expect(health.body.reason).toMatch(/^Redis (cannot be reached|did not answer)/);
      } finally {
        await db.close();
      }
    });
  });
});
