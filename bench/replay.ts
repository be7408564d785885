// npm run bench:replay -- [--json] [--events 10000] [--runs 30] [--big 100000]
// Seeds one exercise with N events (messages in plenary, a team channel and a
// backchannel, agreement versions, injects) in a fresh SQLite file, then times the
// replay API for one participant: authentication, the visibility rule, figures and
// serialisation. Reports the process's first read (the log parsed), repeated reads
// (p50/p95: the parsed log and figures kept), and another role's first read. Then a
// --big exercise (0: none), paged: its first screen in a fresh process and warm, pages at
// random moments, and its figures (docs/performance.md, "Replay"). Prints figures; with
// --json the last line is one JSON object.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { performance } from "node:perf_hooks";
import { migrateDatabase } from "../server/db/migrate";
import { openDatabase } from "../server/db/client";
import { createLogger } from "../server/logger";
import { composeApp } from "../server/compose";
import { setAppContext } from "../server/app-context";
import { syncBuiltinScenarios } from "../server/scenarios/builtin-sync";
import { encodeSession, SESSION_COOKIE } from "../server/auth/session-token";
import { GET as replayRoute } from "../app/api/exercises/[id]/replay/route";
import { eventColumns } from "../server/storage/log-writer";
import type { NewEvent } from "../server/domain/exercise-log";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    events: { type: "string", default: "10000" },
    runs: { type: "string", default: "30" },
    big: { type: "string", default: "100000" },
    // Internal: the first screen of a paged debrief in this fresh process (the parent seeded it).
    "cold-screen": { type: "string" },
  },
});
const target = Number(values.events);
const runs = Number(values.runs);
const say = (line: string) => process.stdout.write(`${line}\n`);

const root = join(import.meta.dirname, "..");
const secret = "bench-secret-that-is-long-enough-0123456789";
const logger = createLogger("silent");
/** Times one replay request as a browser makes it: until the whole body is read. */
async function timedGet(exercise: string, cookie: string, query = ""): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await replayRoute(new Request(`http://bench/api/exercises/${exercise}/replay${query}`, { headers: { cookie } }), {
    params: Promise.resolve({ id: exercise }),
  });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`replay answered ${res.status}: ${body.slice(0, 200)}`);
  return { ms, body };
}
if (values["cold-screen"]) {
  const [coldUrl, exercise, cookie, otherExercise, otherCookie] = JSON.parse(values["cold-screen"]) as [
    string,
    string,
    string,
    string?,
    string?,
  ];
  const coldDb = await openDatabase(coldUrl);
  setAppContext(composeApp({ db: coldDb, logger, secret, rolesDir: join(root, "roles") }));
  // With another exercise: the process first serves that one's debrief, as a running server
  // has served others; this exercise is still unread (nothing of it held).
  if (otherExercise && otherCookie) await timedGet(otherExercise, otherCookie);
  const { ms, body } = await timedGet(exercise, cookie);
  say(JSON.stringify({ ms, kb: Math.round(body.length / 1024) }));
  await coldDb.close();
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
const url = `file:${join(dir, "bench.db")}`;
await migrateDatabase(url, root, logger);
const db = await openDatabase(url);
const app = composeApp({ db, logger, secret, rolesDir: join(root, "roles") });
setAppContext(app);
const { services } = app;

const [scenario] = (await syncBuiltinScenarios(join(root, "roles"), services.scenarios)).filter((s) => s.slug === "collapsing-ceasefire");
if (!scenario) throw new Error("built-in scenario missing");
const facilitator = await services.users.create({ displayName: "Bench facilitator", systemRole: "facilitator" });
const staff = { userId: facilitator.id, systemRole: "facilitator" as const, seats: [{ seat: "facilitator" as const }] };
/** An exercise with a participant as host nation, another as mediator, and two backchannels. */
async function benchExercise() {
  const created = await services.exerciseFlow.create(staff, { scenarioId: scenario!.id });
  if (!created.ok) throw new Error(created.message);
  const exerciseId = created.data.id;
  const participant = await services.users.create({ displayName: "Bench host", systemRole: "participant", exerciseId });
  await services.assignments.assign(exerciseId, participant.id, "participant", "host-nation");
  // A second reader in another role: their first read finds the log parsed but not their figures.
  const mediator = await services.users.create({ displayName: "Bench mediator", systemRole: "participant", exerciseId });
  await services.assignments.assign(exerciseId, mediator.id, "participant", "un-mediator");
  const channels = await db.prisma.channel.findMany({ where: { exerciseId } });
  const plenary = channels.find((c) => c.kind === "plenary")!.id;
  const team = channels.find((c) => c.kind === "team" && c.roleKey === "host-nation")!.id;
  const lastSeq = await services.log.lastSeq(exerciseId);
  const backchannel = (name: string, members: string[]) =>
    db.prisma.$transaction(async (tx) => {
      const id = await services.rooms.createChannel(tx, { exerciseId, kind: "backchannel", name, requestedBy: members[0]!, seq: lastSeq });
      await services.rooms.addMembers(tx, id, members, lastSeq);
      return id;
    });
  const back = await backchannel("Host · Mediator", ["host-nation", "un-mediator"]);
  const other = await backchannel("Opposition · Alliance", ["armed-opposition", "intervening-power"]);
  return { exerciseId, participant, mediator, ids: { plenary, team, back, other } };
}

const seedStart = performance.now();
const roles = ["host-nation", "un-mediator", "armed-opposition", "regional-body", "intervening-power"];
/**
 * Appends events up to `total` in batches written straight to the log's tables (one
 * transaction per 5,000 rows, numbered after the exercise's lastSeq, 250 ms apart): the same
 * rows the live path writes (through its own better-sqlite3 connection, as the SQLite log
 * writer does: Prisma's createMany takes seconds per 5,000 rows), without 100,000 round trips. Messages go to plenary, the team
 * channel and both backchannels; every 400th event is an inject, every 150th an agreement version.
 */
const raw = new Database(url.replace(/^file:/, ""));
raw.pragma("journal_mode = WAL");
const stamp = (d: Date) => d.toISOString().replace("Z", "+00:00");
const insertEvent = raw.prepare(
  'INSERT INTO "ExerciseEvent" ("id", "exerciseId", "seq", "type", "actorUserId", "actorRoleKey", "visibility", "channelId", "audienceRoles", "payload", "idempotencyKey", "createdAt") ' +
    "VALUES (@id, @exerciseId, @seq, @type, @actorUserId, @actorRoleKey, @visibility, @channelId, @audienceRoles, @payload, @idempotencyKey, @createdAt)",
);
const setLastSeq = raw.prepare('UPDATE "Exercise" SET "lastSeq" = ? WHERE "id" = ?');
const seedBatch = raw.transaction(
  (events: (ReturnType<typeof eventColumns> & { createdAt: Date })[], forExercise: string, last: number) => {
    for (const e of events) insertEvent.run({ ...e, id: randomUUID(), createdAt: stamp(e.createdAt) });
    setLastSeq.run(last, forExercise);
  },
);

async function seedLog(
  forExercise: string,
  ids: { plenary: string; team: string; back: string; other: string },
  total: number,
  author: string,
): Promise<number> {
  const base = await services.log.lastSeq(forExercise);
  const start = Date.now() - (total - base) * 250;
  const clauses = [{ key: "c1", title: "Cessation", text: "The parties cease fire." }];
  const BATCH = 5000;
  for (let from = base + 1; from <= total; from += BATCH) {
    const events: ReturnType<typeof eventColumns>[] = [];
    const at: Date[] = [];
    for (let seq = from; seq < Math.min(total + 1, from + BATCH); seq++) {
      const i = seq - base;
      const role = roles[i % roles.length]!;
      const kind = i % 10;
      const channelId = kind < 5 ? ids.plenary : kind < 7 ? ids.back : kind < 8 ? ids.other : ids.team;
      let input: NewEvent;
      if (i % 400 === 0) {
        input = {
          exerciseId: forExercise,
          type: "inject.released",
          actor: {},
          visibility: { kind: "exercise" },
          payload: { injectKey: null, title: `Inject ${i}`, text: "Something happens.", audience: "all", scheduled: true },
        };
      } else if (i % 150 === 0) {
        clauses[0] = { ...clauses[0]!, text: `The parties cease fire (revision ${i}).` };
        const draft = { agreementId: "bench", title: "Accord", version: i / 150, clauses: [...clauses] };
        const envelope = {
          exerciseId: forExercise,
          actor: { roleKey: "host-nation" },
          visibility: { kind: "channel" as const, channelId: ids.plenary },
        };
        input =
          i === 150
            ? { ...envelope, type: "agreement.created", payload: { ...draft, status: "draft", channelId: ids.plenary } }
            : { ...envelope, type: "agreement.version", payload: draft };
      } else {
        const body = `Message ${i} from ${role}: we propose to continue on the basis of the draft.`;
        input = {
          exerciseId: forExercise,
          type: "message.sent",
          actor: { userId: author, roleKey: role },
          visibility: { kind: "channel", channelId },
          payload: { body, authorName: role, roleName: role },
        };
      }
      events.push(eventColumns(input, seq));
      at.push(new Date(start + i * 250));
    }
    const last = from + events.length - 1;
    seedBatch(
      events.map((e, k) => ({ ...e, createdAt: at[k]! })),
      forExercise,
      last,
    );
  }
  return services.log.lastSeq(forExercise);
}
const small = await benchExercise();
const { exerciseId, participant, mediator } = small;
await seedLog(exerciseId, small.ids, target, participant.id);
const seeded = await services.log.lastSeq(exerciseId);
say(`seeded ${seeded} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const cookieOf = async (userId: string, name: string) =>
  `${SESSION_COOKIE}=${await encodeSession({ userId, name, systemRole: "participant", exerciseId }, secret)}`;
const cookie = await cookieOf(participant.id, "Bench host");
const timed = (withCookie: string) => timedGet(exerciseId, withCookie);
const times: number[] = [];
let bytes = 0;
let delivered = 0;
// The first read of the process: nothing parsed yet, the JIT cold.
const cold = await timed(cookie);
for (let i = 0; i < runs + 2; i++) {
  const { ms, body } = await timed(cookie);
  if (i >= 2) times.push(ms); // the first runs warm up the JIT
  bytes = body.length;
  delivered = (JSON.parse(body) as { data: { events: unknown[] } }).data.events.length;
}
const otherRole = await timed(await cookieOf(mediator.id, "Bench mediator"));
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const result = {
  events: seeded,
  eventsDeliveredToViewer: delivered,
  runs,
  replayApiP50Ms: Number(pct(50).toFixed(1)),
  replayApiP95Ms: Number(pct(95).toFixed(1)),
  /** The process's first read: the whole log read and parsed. */
  replayApiColdMs: Number(cold.ms.toFixed(1)),
  /** Another role's first read: the log already parsed, their figures not yet computed. */
  replayApiOtherRoleFirstMs: Number(otherRole.ms.toFixed(1)),
  payloadKb: Math.round(bytes / 1024),
  rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
};
say(
  `replay API for one participant over ${runs} runs: p50 ${result.replayApiP50Ms} ms, p95 ${result.replayApiP95Ms} ms, ${result.payloadKb} kB, ${delivered} of ${seeded} events visible`,
);
say(`first read of the process ${result.replayApiColdMs} ms; another role's first read ${result.replayApiOtherRoleFirstMs} ms`);

// The big debrief: paged. Its first screen in a fresh process (nothing held, JIT cold), then
// warm; pages at random moments of two channels (scrubbing); the figures' first computation.
const bigTarget = Number(values.big);
const big: Record<string, number> = {};
if (bigTarget > 0) {
  const ex = await benchExercise();
  const seedBig = performance.now();
  big.events = await seedLog(ex.exerciseId, ex.ids, bigTarget, ex.participant.id);
  say(`seeded ${big.events} events in ${((performance.now() - seedBig) / 1000).toFixed(1)} s`);
  const bigCookie = `${SESSION_COOKIE}=${await encodeSession({ userId: ex.participant.id, name: "Bench host", systemRole: "participant", exerciseId: ex.exerciseId }, secret)}`;
  const firstScreenIn = (args: string[]) => {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--cold-screen", JSON.stringify(args)], {
      encoding: "utf8",
    });
    if (child.status !== 0) throw new Error(`first screen in a fresh process failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { ms: number; kb: number };
  };
  // A fresh process: its first request of all (modules, Prisma's query compiler, the JIT cold) ...
  const coldScreen = firstScreenIn([url, ex.exerciseId, bigCookie]);
  // ... and a running one that has not read this exercise yet (it served the 10,000-event debrief first).
  const unreadScreen = firstScreenIn([url, ex.exerciseId, bigCookie, exerciseId, cookie]);
  const screenTimes: number[] = [];
  let screen = { ms: 0, body: "" };
  for (let i = 0; i < runs + 2; i++) {
    screen = await timedGet(ex.exerciseId, bigCookie);
    if (i >= 2) screenTimes.push(screen.ms);
  }
  const shown = JSON.parse(screen.body) as {
    data: { complete: boolean; outline: { first: number; last: number; events: number }; events: unknown[] };
  };
  if (shown.data.complete) throw new Error("the big debrief came whole");
  const { first, last } = shown.data.outline;
  const pageTimes: number[] = [];
  for (let i = 0; i < runs * 2 + 4; i++) {
    const at = Math.floor(first + Math.random() * (last - first));
    const channel = i % 2 ? ex.ids.back : ex.ids.plenary;
    const { ms } = await timedGet(ex.exerciseId, bigCookie, `?part=page&channel=${channel}&at=${at}`);
    if (i >= 4) pageTimes.push(ms);
  }
  const figures = await timedGet(ex.exerciseId, bigCookie, "?part=figures");
  const figuresAgain = await timedGet(ex.exerciseId, bigCookie, "?part=figures");
  const p = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((q / 100) * list.length))]!;
  Object.assign(big, {
    eventsVisibleToViewer: shown.data.outline.events,
    firstScreenColdMs: Number(coldScreen.ms.toFixed(1)),
    firstScreenUnreadMs: Number(unreadScreen.ms.toFixed(1)),
    firstScreenP50Ms: Number(p(screenTimes, 50).toFixed(1)),
    firstScreenP95Ms: Number(p(screenTimes, 95).toFixed(1)),
    firstScreenKb: Math.round(screen.body.length / 1024),
    scrubPageP50Ms: Number(p(pageTimes, 50).toFixed(1)),
    scrubPageP95Ms: Number(p(pageTimes, 95).toFixed(1)),
    figuresFirstMs: Number(figures.ms.toFixed(1)),
    figuresAgainMs: Number(figuresAgain.ms.toFixed(1)),
    rssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
  });
  say(
    `${big.events} events, paged (${big.eventsVisibleToViewer} visible): first screen in a fresh process ${big.firstScreenColdMs} ms, in a running process that has not read it ${big.firstScreenUnreadMs} ms, warm p50 ${big.firstScreenP50Ms} ms, p95 ${big.firstScreenP95Ms} ms (${big.firstScreenKb} kB); ` +
      `a page at a random moment p50 ${big.scrubPageP50Ms} ms, p95 ${big.scrubPageP95Ms} ms; figures ${big.figuresFirstMs} ms first, ${big.figuresAgainMs} ms again`,
  );
}
raw.close();
await db.close();
rmSync(dir, { recursive: true, force: true });
if (values.json) say(JSON.stringify({ ...result, ...(bigTarget > 0 ? { big } : {}) }));
