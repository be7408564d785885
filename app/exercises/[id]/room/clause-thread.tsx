"use client";

// A clause's discussion, where the clause stands: the messages of the agreement's channel
// that name it (the server sent only what this seat may read) and a box to add one. What
// is typed is kept like any draft; a post waits in the outbox like any message.
import { useTranslations } from "next-intl";
import type { EventDto } from "@/lib/contract/events";
import type { Clause } from "@/lib/agreements/agreement";
import { Composer } from "./composer";
import { useShortTime } from "./agreement-history";

type Message = Extract<EventDto, { type: "message.sent" }>;

interface Props {
  exerciseId: string;
  agreementId: string;
  clause: Clause;
  messages: readonly Message[];
  /** Posts still waiting for the server. */
  pending: readonly string[];
  /** Why this viewer cannot post here, or null; undefined: they never do (no box). */
  blocked: string | null | undefined;
  onPost: (body: string) => void;
}

export function ClauseThread({ exerciseId, agreementId, clause, messages, pending, blocked, onPost }: Props) {
  const t = useTranslations("agreement");
  const time = useShortTime();
  const count = messages.length + pending.length;
  return (
    <details className="clause-thread">
      <summary>{count > 0 ? t("thread.summary", { count }) : t("thread.empty")}</summary>
      {count > 0 && (
        <ol className="thread-messages">
          {messages.map((m) => (
            <li key={m.seq}>
              <span className="thread-who">{m.payload.roleName}</span>{" "}
              <span className="meta">
                ({m.payload.authorName}, {time(m.at)})
              </span>
              <p dir="auto">{m.payload.body}</p>
            </li>
          ))}
          {pending.map((body, i) => (
            <li key={`pending-${i}`} className="is-pending">
              <span className="meta">{t("thread.sending")}</span>
              <p dir="auto">{body}</p>
            </li>
          ))}
        </ol>
      )}
      {blocked !== undefined && (
        <Composer
          draftKey={`parley:draft:${exerciseId}:clause:${agreementId}:${clause.key}`}
          channelName={t("thread.name", { title: clause.title })}
          blocked={blocked}
          onSend={onPost}
          onTyping={() => undefined}
        />
      )}
    </details>
  );
}

/** An agreement's clause threads: the messages naming one of its clauses, by clause key. */
export function threadsOf(events: readonly EventDto[], agreementId: string): Map<string, Message[]> {
  const map = new Map<string, Message[]>();
  for (const e of events) {
    if (e.type !== "message.sent" || e.payload.clause?.agreementId !== agreementId) continue;
    const key = e.payload.clause.clauseKey;
    map.set(key, [...(map.get(key) ?? []), e]);
  }
  return map;
}
