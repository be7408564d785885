import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../server/db/client";
import { checkHealth } from "../../server/http/health";
import { openTestDatabase, providers } from "../helpers/databases";

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
});
