// npm run bench:replay -- [--json] [--events 10000] [--runs 30]
// Seeds one exercise with N events (messages in plenary, a team channel and a
// backchannel, agreement versions, injects) in a fresh SQLite file, then times the
// replay API for one participant: authentication, the visibility rule, figures and
// serialisation. Reports the process's first read (the log parsed), repeated reads
// (p50/p95: the parsed log and figures kept), and another role's first read. Prints
// figures; with --json the last line is one JSON object.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { migrateDatabase } from "../server/db/migrate";
import { openDatabase } from "../server/db/client";
import { createLogger } from "../server/logger";
import { composeApp } from "../server/compose";
import { setAppContext } from "../server/app-context";
import { syncBuiltinScenarios } from "../server/scenarios/builtin-sync";
import { encodeSession, SESSION_COOKIE } from "../server/auth/session-token";
import { GET as replayRoute } from "../app/api/exercises/[id]/replay/route";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false }, events: { type: "string", default: "10000" }, runs: { type: "string", default: "30" } } });
const target = Number(values.events);
const runs = Number(values.runs);
const say = (line: string) => process.stdout.write(`${line}\n`);

const root = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "parley-bench-"));
const url = `file:${join(dir, "bench.db")}`;
const logger = createLogger("silent");
await migrateDatabase(url, root, logger);
const db = await openDatabase(url);
const secret = "bench-secret-that-is-long-enough-0123456789";
const app = composeApp({ db, logger, secret, rolesDir: join(root, "roles") });
setAppContext(app);
const { services } = app;

const [scenario] = (await syncBuiltinScenarios(join(root, "roles"), services.scenarios)).filter((s) => s.slug === "collapsing-ceasefire");
if (!scenario) throw new Error("built-in scenario missing");
const facilitator = await services.users.create({ displayName: "Bench facilitator", systemRole: "facilitator" });
const staff = { userId: facilitator.id, systemRole: "facilitator" as const, seats: [{ seat: "facilitator" as const }] };
const created = await services.exerciseFlow.create(staff, { scenarioId: scenario.id });
if (!created.ok) throw new Error(created.message);
const exerciseId = created.data.id;
const participant = await services.users.create({ displayName: "Bench host", systemRole: "participant", exerciseId });
await services.assignments.assign(exerciseId, participant.id, "participant", "host-nation");
// A second reader in another role: their first read finds the log parsed but not their figures.
const mediator = await services.users.create({ displayName: "Bench mediator", systemRole: "participant", exerciseId });
await services.assignments.assign(exerciseId, mediator.id, "participant", "un-mediator");

const channels = await db.prisma.channel.findMany({ where: { exerciseId } });
const plenary = channels.find((c) => c.kind === "plenary")!;
const team = channels.find((c) => c.kind === "team" && c.roleKey === "host-nation")!;
const lastSeq = await services.log.lastSeq(exerciseId);
const back = await db.prisma.$transaction(async (tx) => {
  const id = await services.rooms.createChannel(tx, { exerciseId, kind: "backchannel", name: "Host · Mediator", requestedBy: "host-nation", seq: lastSeq });
  await services.rooms.addMembers(tx, id, ["host-nation", "un-mediator"], lastSeq);
  return id;
});
const other = await db.prisma.$transaction(async (tx) => {
  const id = await services.rooms.createChannel(tx, { exerciseId, kind: "backchannel", name: "Opposition · Alliance", requestedBy: "armed-opposition", seq: lastSeq });
  await services.rooms.addMembers(tx, id, ["armed-opposition", "intervening-power"], lastSeq);
  return id;
});

const seedStart = performance.now();
const roles = ["host-nation", "un-mediator", "armed-opposition", "regional-body", "intervening-power"];
const clauses = [{ key: "c1", title: "Cessation", text: "The parties cease fire." }];
for (let i = 0; (await services.log.lastSeq(exerciseId)) < target; i++) {
  const role = roles[i % roles.length]!;
  const kind = i % 10;
  const channelId = kind < 5 ? plenary.id : kind < 7 ? back : kind < 8 ? other : team.id;
  if (i % 400 === 0) {
    await services.log.append({ exerciseId, type: "inject.released", actor: {}, visibility: { kind: "exercise" }, payload: { injectKey: null, title: `Inject ${i}`, text: "Something happens.", audience: "all", scheduled: true } });
  } else if (i % 150 === 0) {
    clauses[0] = { ...clauses[0]!, text: `The parties cease fire (revision ${i}).` };
    const draft = { agreementId: "bench", title: "Accord", version: i / 150, clauses };
    const envelope = { exerciseId, actor: { roleKey: "host-nation" }, visibility: { kind: "channel" as const, channelId: plenary.id } };
    await services.log.append(
      i === 150
        ? { ...envelope, type: "agreement.created", payload: { ...draft, status: "draft", channelId: plenary.id } }
        : { ...envelope, type: "agreement.version", payload: draft },
    );
  } else {
    await services.log.append({
      exerciseId,
      type: "message.sent",
      actor: { userId: participant.id, roleKey: role },
      visibility: { kind: "channel", channelId },
      payload: { body: `Message ${i} from ${role}: we propose to continue on the basis of the draft.`, authorName: role, roleName: role },
    });
  }
}
const seeded = await services.log.lastSeq(exerciseId);
say(`seeded ${seeded} events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

const cookieOf = async (userId: string, name: string) => `${SESSION_COOKIE}=${await encodeSession({ userId, name, systemRole: "participant", exerciseId }, secret)}`;
const cookie = await cookieOf(participant.id, "Bench host");
/** One replay request as a browser makes it: the time until the whole body is read. */
async function timed(withCookie: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await replayRoute(new Request(`http://bench/api/exercises/${exerciseId}/replay`, { headers: { cookie: withCookie } }), { params: Promise.resolve({ id: exerciseId }) });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`replay answered ${res.status}: ${body.slice(0, 200)}`);
  return { ms, body };
}
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
say(`replay API for one participant over ${runs} runs: p50 ${result.replayApiP50Ms} ms, p95 ${result.replayApiP95Ms} ms, ${result.payloadKb} kB, ${delivered} of ${seeded} events visible`);
say(`first read of the process ${result.replayApiColdMs} ms; another role's first read ${result.replayApiOtherRoleFirstMs} ms`);
await db.close();
rmSync(dir, { recursive: true, force: true });
if (values.json) say(JSON.stringify(result));
