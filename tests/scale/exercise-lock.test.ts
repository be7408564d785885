// The exercise lock against the real Redis: exclusive across "nodes" (separate
// connections), a reload exactly when another node changed the state, and a lease left
// by a dead node that runs out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { createRedisExerciseLock, type LockedState } from "../../server/scale/exercise-lock";
import { createLogger } from "../../server/logger";
import { deleteRedisKeys, REDIS_URL, testPrefix } from "../helpers/redis";

const prefix = testPrefix("lock");
const logger = createLogger("silent");
type Client = ReturnType<typeof createClient>;

describe("Redis exercise lock", () => {
  const clients: Client[] = [];
  const connect = async () => {
    const c = createClient({ url: REDIS_URL });
    await c.connect();
    clients.push(c);
    return c;
  };
  let nodeA: ReturnType<typeof createRedisExerciseLock>;
  let nodeB: ReturnType<typeof createRedisExerciseLock>;

  beforeAll(async () => {
    nodeA = createRedisExerciseLock(await connect(), { logger, keyPrefix: prefix, leaseMs: 300 });
    nodeB = createRedisExerciseLock(await connect(), { logger, keyPrefix: prefix, leaseMs: 300 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((x) => x.quit()));
    await deleteRedisKeys(prefix);
  });

  const state = (exerciseId: string): LockedState => ({ exerciseId, version: null, changed: false });

  it("never runs two nodes' tasks for one exercise at once", async () => {
    const a = state("ex-overlap");
    const b = state("ex-overlap");
    let active = 0;
    let most = 0;
    const task = async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 3));
      active--;
    };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? nodeA.hold(a, async () => undefined, task) : nodeB.hold(b, async () => undefined, task),
      ),
    );
    expect(most).toBe(1);
  });

  it("reloads a node's copy only after another node changed the exercise", async () => {
    const a = state("ex-reload");
    const b = state("ex-reload");
    const reloads = { a: 0, b: 0 };
    const holdA = (change: boolean) =>
      nodeA.hold(
        a,
        async () => void reloads.a++,
        async () => void (a.changed = change),
      );
    const holdB = (change: boolean) =>
      nodeB.hold(
        b,
        async () => void reloads.b++,
        async () => void (b.changed = change),
      );

    await holdA(true); // first use anywhere: A loads and publishes a token
    await holdA(false);
    expect(reloads).toEqual({ a: 1, b: 0 });
    await holdB(false); // B has never seen the token
    await holdB(false);
    expect(reloads).toEqual({ a: 1, b: 1 });
    await holdB(true); // B changes the exercise…
    await holdA(false); // …so A reloads once
    await holdA(false);
    expect(reloads).toEqual({ a: 2, b: 1 });
  });

  it("takes over a lease whose node died once it runs out", async () => {
    const raw = clients[0]!;
    await raw.set(`${prefix}:exercise:ex-dead:lock`, "a node that died", { PX: 200 });
    const started = Date.now();
    await nodeB.hold(
      state("ex-dead"),
      async () => undefined,
      async () => undefined,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("keeps renewing the lease while a slow task runs", async () => {
    const a = state("ex-slow");
    let bRan = 0;
    const slow = nodeA.hold(
      a,
      async () => undefined,
      () => new Promise((r) => setTimeout(r, 1_000)),
    );
    await new Promise((r) => setTimeout(r, 50));
    const waiting = nodeB.hold(
      state("ex-slow"),
      async () => undefined,
      async () => void (bRan = Date.now()),
    );
    const finishedA = await slow.then(() => Date.now());
    await waiting;
    // Three lease lengths passed during A's task: B still had to wait for A's release.
    expect(bRan).toBeGreaterThanOrEqual(finishedA - 5);
  });
});
