// Transcripts for people who do not log in: Markdown and JSON, from one viewer's replay
// data (so an export never holds more than that viewer may see).
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import { assertNever } from "../../lib/contract/log-events";
import type { ReplayData } from "./replay.service";

export function transcriptJson(data: ReplayData) {
  const channelName = new Map(data.channels.map((c) => [c.id, c.name]));
  return {
    exercise: data.exercise,
    perspective: data.perspective,
    exportedAt: new Date().toISOString(),
    entries: data.events.map((e) => ({
      seq: e.seq,
      at: e.at,
      type: e.type,
      channel: e.channelId ? channelName.get(e.channelId) ?? null : null,
      role: e.actor.roleKey ?? null,
      payload: e.payload,
    })),
    annotations: data.annotations,
    agreements: [...agreementsFrom(data.events).values()].map((a) => ({ title: a.title, status: a.status, version: a.version, clauses: a.clauses, signatures: a.signatures })),
  };
}

export function transcriptMarkdown(data: ReplayData): string {
  const roleName = new Map(data.roles.map((r) => [r.key, r.name]));
  const channel = new Map(data.channels.map((c) => [c.id, c]));
  const notes = new Map<number, string[]>();
  for (const a of data.annotations) if (a.targetSeq !== null) notes.set(a.targetSeq, [...(notes.get(a.targetSeq) ?? []), a.body]);
  const who = data.perspective.kind === "facilitator" ? "the facilitator (everything)" : data.perspective.kind === "role" ? roleName.get(data.perspective.roleKey) ?? data.perspective.roleKey : "an observer";
  const lines = [`# ${data.exercise.title}`, "", `Scenario: ${data.exercise.scenarioTitle}. Transcript as seen by ${who}.`, ""];
  const time = (at: string) => new Date(at).toISOString().slice(11, 16);
  for (const e of data.events) {
    let line: string | null = null;
    switch (e.type) {
      case "message.sent": {
        const c = e.channelId ? channel.get(e.channelId) : undefined;
        const where = c ? `${c.name}${c.declassified ? " (declassified backchannel)" : ""}` : "channel";
        line = `- ${time(e.at)} **${e.payload.roleName}** (${e.payload.authorName}) in _${where}_: ${e.payload.body}`;
        break;
      }
      case "announcement.sent":
        line = `- ${time(e.at)} **Facilitator** announces: ${e.payload.body}`;
        break;
      case "inject.released":
        line = `- ${time(e.at)} **Inject: ${e.payload.title}** — ${e.payload.text}`;
        break;
      case "exercise.phase":
        line = `\n## Phase: ${e.payload.title ?? ""}\n`;
        break;
      case "exercise.status":
        line = `- ${time(e.at)} _The exercise is ${e.payload.to}._`;
        break;
      case "agreement.tabled":
        line = `- ${time(e.at)} _${roleName.get(e.payload.tabledBy) ?? "A delegation"} tables "${e.payload.title}" (version ${e.payload.version})._`;
        break;
      case "agreement.signed":
        line = `- ${time(e.at)} _${roleName.get(e.payload.roleKey) ?? ""} signs version ${e.payload.version} of "${e.payload.title}"._`;
        break;
      case "agreement.status":
        line = `- ${time(e.at)} _"${e.payload.title}" is ${e.payload.status}._`;
        break;
      // Not in a transcript: set-up, seating, oversight, and what the agreements section shows.
      case "exercise.created":
      case "exercise.lobby-opened":
      case "exercise.join-code-rotated":
      case "exercise.extended":
      case "exercise.settings":
      case "role.assigned":
      case "roster.assigned":
      case "roster.removed":
      case "roster.readmitted":
      case "roster.observer-added":
      case "backchannel.requested":
      case "backchannel.convened":
      case "backchannel.accepted":
      case "backchannel.declined":
      case "backchannel.left":
      case "oversight.opened":
      case "channel.declassified":
      case "channel.reclassified":
      case "agreement.created":
      case "agreement.version":
      case "agreement.amendment-proposed":
      case "agreement.amendment-decided":
        break;
      default:
        assertNever(e);
    }
    if (line) lines.push(line);
    for (const note of notes.get(e.seq) ?? []) lines.push(`  > Note: ${note}`);
  }
  const agreements = [...agreementsFrom(data.events).values()];
  if (agreements.length > 0) {
    lines.push("", "## Agreements");
    for (const a of agreements) {
      lines.push("", `### ${a.title} — ${a.status}, version ${a.version}`, "");
      a.clauses.forEach((c, i) => lines.push(`${i + 1}. **${c.title}.** ${c.text}`));
    }
  }
  return `${lines.join("\n")}\n`;
}
