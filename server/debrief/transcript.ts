// Transcripts for people who do not log in: Markdown and JSON, from one viewer's replay
// data (so an export never holds more than that viewer may see). In Markdown, whatever
// people typed is text, never structure (lib/markdown/escape-markdown.ts).
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import { assertNever } from "../../lib/contract/log-events";
import { escapeMarkdown } from "../../lib/markdown/escape-markdown";
import type { ReplayData } from "./replay.service";
import { transcriptOf, utcTime } from "./transcript-model";

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
  const t = transcriptOf(data);
  const md = escapeMarkdown;
  const who = t.perspective.kind === "facilitator" ? "the facilitator (everything)" : t.perspective.kind === "role" ? md(t.perspective.roleName) : "an observer";
  const lines = [`# ${md(t.title)}`, "", `Scenario: ${md(t.scenarioTitle)}. Transcript as seen by ${who}. Times are UTC.`, ""];
  // Each entry is one list item; what people typed continues it on indented lines.
  const item = (at: string, text: string) => `- ${utcTime(at)} ${text}`;
  for (const e of t.entries) {
    switch (e.kind) {
      case "message":
        lines.push(item(e.at, `**${md(e.roleName)}** (${md(e.authorName)}) in _${md(e.channel || "a channel")}${e.declassified ? " (declassified backchannel)" : ""}_: ${md(e.body, "  ")}`));
        break;
      case "announcement":
        lines.push(item(e.at, `**Facilitator** announces: ${md(e.body, "  ")}`));
        break;
      case "inject":
        lines.push(item(e.at, `**Inject: ${md(e.title)}** — ${md(e.text, "  ")}`));
        break;
      case "phase":
        lines.push("", `## Phase: ${md(e.title)}`, "");
        break;
      case "status":
        lines.push(item(e.at, `_The exercise is ${e.status}._`));
        break;
      case "tabled":
        lines.push(item(e.at, `_${md(e.roleName || "A delegation")} tables "${md(e.title)}" (version ${e.version})._`));
        break;
      case "signed":
        lines.push(item(e.at, `_${md(e.roleName)} signs version ${e.version} of "${md(e.title)}"._`));
        break;
      case "agreement-status":
        lines.push(item(e.at, `_"${md(e.title)}" is ${e.status}._`));
        break;
      default:
        assertNever(e);
    }
    for (const note of e.notes) lines.push(`  > Note: ${md(note, "  > ")}`);
  }
  if (t.agreements.length > 0) {
    lines.push("", "## Agreements");
    for (const a of t.agreements) {
      lines.push("", `### ${md(a.title)} — ${a.status}, version ${a.version}`, "");
      a.clauses.forEach((c, i) => lines.push(`${i + 1}. **${md(c.title)}.** ${md(c.text, "   ")}`));
    }
  }
  return `${lines.join("\n")}\n`;
}
