import type { EventDto } from "../../lib/contract/events";

const start = Date.parse("2026-11-22T09:00:00Z");
export const minute = (m: number) => new Date(start + m * 60_000).toISOString();
const run = { clock: { phaseIndex: 0, running: true, resumedAt: 0, elapsedBeforeMs: 0, extensionMs: 0 }, serverTime: 0 };

type Unstamped = EventDto extends infer E ? (E extends EventDto ? Omit<E, "seq" | "at" | "actor"> : never) : never;

/** A short exercise as the facilitator sees it: times in minutes after 09:00. */
export function fixture(): EventDto[] {
  let seq = 0;
  const e = (m: number, rest: Unstamped): EventDto => ({ seq: ++seq, at: minute(m), actor: {}, ...rest });
  const clauses = (text: string) => [{ key: "ceasefire", title: "Ceasefire", text }];
  return [
    e(0, { type: "exercise.created", payload: { scenario: "s", contentHash: "h" } }),
    e(1, { type: "exercise.status", payload: { from: "lobby", to: "running", status: "running", phaseIndex: 0, ...run } }),
    e(2, {
      type: "message.sent",
      channelId: "c-plenary",
      payload: { body: "Bonjour, nous proposons un cessez-le-feu à Élan.", authorName: "Ana", roleName: "Host nation" },
    }),
    e(5, {
      type: "backchannel.requested",
      channelId: "c-back",
      payload: { channelId: "c-back", title: "Quiet word", roles: ["host", "rebels"], requestedBy: "host" },
    }),
    e(6, {
      type: "message.sent",
      channelId: "c-back",
      payload: { body: "Between us: the codeword is Birch.", authorName: "Ana", roleName: "Host nation" },
    }),
    e(10, {
      type: "inject.released",
      payload: { injectKey: null, title: "Storm over the harbour", text: "Ships cannot leave.", audience: "all", scheduled: true },
    }),
    e(20, {
      type: "exercise.phase",
      payload: {
        from: 0,
        to: 1,
        title: "Drafting",
        leftPhase: { index: 0, elapsedMs: 0, plannedMs: 0 },
        status: "running",
        phaseIndex: 1,
        ...run,
      },
    }),
    e(21, {
      type: "agreement.created",
      channelId: "c-plenary",
      payload: {
        agreementId: "a1",
        title: "Accord",
        version: 1,
        clauses: clauses("All sides stop firing."),
        status: "draft",
        channelId: "c-plenary",
      },
    }),
    e(25, {
      type: "agreement.version",
      channelId: "c-plenary",
      payload: { agreementId: "a1", title: "Accord", version: 2, clauses: clauses("All sides stop firing at dawn.") },
    }),
    e(26, {
      type: "agreement.tabled",
      channelId: "c-plenary",
      payload: {
        agreementId: "a1",
        title: "Accord",
        version: 2,
        clauses: clauses("All sides stop firing at dawn."),
        status: "tabled",
        channelId: "c-plenary",
        tabledBy: "host",
      },
    }),
    e(30, {
      type: "inject.released",
      payload: { injectKey: null, title: "Reporters arrive", text: "Cameras everywhere.", audience: "all", scheduled: false },
    }),
    e(40, {
      type: "agreement.signed",
      channelId: "c-plenary",
      payload: { agreementId: "a1", title: "Accord", version: 2, roleKey: "host" },
    }),
    e(41, {
      type: "agreement.signed",
      channelId: "c-plenary",
      payload: { agreementId: "a1", title: "Accord", version: 2, roleKey: "rebels" },
    }),
    e(60, { type: "exercise.status", payload: { from: "running", to: "ended", status: "ended", phaseIndex: 1, ...run } }),
  ];
}

export const channels = [
  { id: "c-plenary", kind: "plenary" },
  { id: "c-back", kind: "backchannel" },
  { id: "c-ann", kind: "announcements" },
];
export const phases = [{ title: "Opening" }, { title: "Drafting" }];
