// Transcripts for people who do not log in: Markdown and JSON, from one viewer's replay
// data (so an export never holds more than that viewer may see). In Markdown, whatever
// people typed is text, never structure (lib/markdown/escape-markdown.ts), and the fixed
// words are the reader's language (transcript-words.ts). JSON is for programs: its keys
// and values stay as they are stored, in every language.
import { agreementsFrom } from "../../lib/agreements/agreement-state";
import { assertNever } from "../../lib/contract/log-events";
import { escapeMarkdown } from "../../lib/markdown/escape-markdown";
import type { ReplayData } from "./replay.service";
import { transcriptOf } from "./transcript-model";
import { dayOpeners, transcriptWords, type TranscriptWords } from "./transcript-words";

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
      channel: e.channelId ? (channelName.get(e.channelId) ?? null) : null,
      role: e.actor.roleKey ?? null,
      payload: e.payload,
    })),
    annotations: data.annotations,
    agreements: [...agreementsFrom(data.events).values()].map((a) => ({
      title: a.title,
      status: a.status,
      version: a.version,
      clauses: a.clauses,
      signatures: a.signatures,
    })),
  };
}

/** The Markdown transcript in the reader's words: their language, their time zone (UTC by default). */
export function transcriptMarkdown(data: ReplayData, words: TranscriptWords = transcriptWords("en")): string {
  const t = transcriptOf(data);
  const md = escapeMarkdown;
  const { say } = words;
  const who = t.perspective.kind === "role" ? md(t.perspective.roleName) : say(t.perspective.kind);
  const lines = [
    `# ${say("heading", { title: md(t.title) })}`,
    "",
    say("scenario", { title: md(t.scenarioTitle) }),
    "",
    `${say("seenBy", { who })} ${say("times", { zone: words.zone })}`,
    "",
  ];
  if (t.entries.length === 0) lines.push(say("empty"));
  // Each entry is one list item; what people typed continues it on indented lines. The day
  // stands on its own line before the first entry of each day; a flagged entry says so first.
  const openers = dayOpeners(t.entries, words);
  const item = (e: { at: string; important: boolean }, text: string) =>
    `- ${words.time(e.at)} ${e.important ? `**${say("important")}** · ` : ""}${text}`;
  const role = (name: string) => (name ? md(name) : say("someDelegation"));
  for (const e of t.entries) {
    if (openers.has(e.seq)) lines.push(...(lines.at(-1) === "" ? [] : [""]), `**${md(words.day(e.at))}**`, "");
    switch (e.kind) {
      case "message": {
        const where =
          say("in", { channel: e.channel ? md(e.channel) : say("someChannel") }) + (e.declassified ? ` (${say("declassified")})` : "");
        lines.push(item(e, `**${md(e.roleName)}** (${md(e.authorName)}) _${where}_${say("colon")} ${md(e.body, "  ")}`));
        break;
      }
      case "announcement":
        lines.push(item(e, `**${say("announces")}**${say("colon")} ${md(e.body, "  ")}`));
        break;
      case "inject":
        lines.push(item(e, `**${say("inject", { title: md(e.title) })}** — ${md(e.text, "  ")}`));
        break;
      case "phase":
        lines.push("", `## ${say("phase", { title: md(e.title) })}`, "");
        break;
      case "status":
        lines.push(item(e, `_${say("status", { status: words.exerciseStatus(e.status) })}_`));
        break;
      case "tabled":
        lines.push(item(e, `_${say("tabled", { role: role(e.roleName), title: md(e.title), version: e.version })}_`));
        break;
      case "signed":
        lines.push(item(e, `_${say("signed", { role: role(e.roleName), title: md(e.title), version: e.version })}_`));
        break;
      case "agreement-status":
        lines.push(item(e, `_${say("agreementStatus", { title: md(e.title), status: words.agreementStatus(e.status) })}_`));
        break;
      case "vote": {
        const subject = e.clauseTitle ? say("voteOnClause", { clause: md(e.clauseTitle) }) : say("voteOnText");
        lines.push(item(e, `_${say("vote", { subject, title: md(e.title), ...e.tally })}_`));
        if (e.ballots.length > 0)
          lines.push(
            `  ${say("ballots", { list: e.ballots.map((b) => `${md(b.roleName)}${say("colon")} ${words.choice(b.choice)}`).join(", ") })}`,
          );
        if (e.notVoted.length > 0) lines.push(`  ${say("didNotVote", { roles: e.notVoted.map((r) => md(r)).join(", ") })}`);
        break;
      }
      default:
        assertNever(e);
    }
    for (const note of e.notes) lines.push(`  > ${say("note")}${say("colon")} ${md(note, "  > ")}`);
  }
  if (t.agreements.length > 0) {
    lines.push("", `## ${say("agreements")}`);
    for (const a of t.agreements) {
      lines.push(
        "",
        `### ${say("agreementHeading", { title: md(a.title), status: words.agreementStatus(a.status), version: a.version })}`,
        "",
      );
      a.clauses.forEach((c, i) => lines.push(`${i + 1}. **${md(c.title)}.** ${md(c.text, "   ")}`));
    }
  }
  return `${lines.join("\n")}\n`;
}
