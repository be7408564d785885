"use client";

// The conversation's messages in their own scroll area: consecutive messages of one
// speaker within five minutes are grouped under one name line; what people typed is set
// in its own direction (dir="auto": Arabic or Hebrew reads right to left). The newest
// message stays in view unless the reader has scrolled up to read back.
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { dateLocale } from "@/i18n/locales";
import type { EventDto } from "@/lib/contract/events";
import type { OutboxEntry } from "@/lib/client/exercise-client";
import { useServerText } from "@/app/components/use-server-text";

export type ChannelMessage = Extract<EventDto, { type: "message.sent" | "announcement.sent" }>;

const GROUP_MS = 5 * 60_000;

/** Whether a message continues the one before it (same speaker, a few minutes apart). */
export function continues(previous: ChannelMessage | undefined, m: ChannelMessage): boolean {
  if (!previous || previous.type !== "message.sent" || m.type !== "message.sent") return false;
  return (
    previous.actor.userId === m.actor.userId &&
    previous.payload.roleName === m.payload.roleName &&
    new Date(m.at).getTime() - new Date(previous.at).getTime() < GROUP_MS
  );
}

interface Props {
  channelId: string;
  label: string;
  messages: ChannelMessage[];
  pending: readonly OutboxEntry[];
  online: boolean;
  myUserId?: string;
  roleName: (key: string) => string;
  /** The title of a clause a message discusses (its thread), if still known. */
  clauseTitle?: (agreementId: string, clauseKey: string) => string | undefined;
  onRetry(key: string): void;
  onDiscard(key: string): void;
}

export function MessageList({ channelId, label, messages, pending, online, myUserId, roleName, clauseTitle, onRetry, onDiscard }: Props) {
  const t = useTranslations("room");
  const locale = useLocale();
  const listRef = useRef<HTMLOListElement>(null);
  const followRef = useRef(true);
  /** When the reader last moved the list themselves (wheel, touch, keys, scrollbar). */
  const handledAtRef = useRef(0);
  const toEnd = (list: HTMLOListElement) => {
    list.scrollTop = list.scrollHeight;
  };
  useEffect(() => {
    followRef.current = true;
  }, [channelId]);
  // Pending copies count too: a message written (or refused) while offline is news as well.
  const tail = `${messages.at(-1)?.seq ?? 0}:${pending.map((m) => `${m.key}:${m.state}`).join(",")}`;
  useEffect(() => {
    const list = listRef.current;
    if (list && followRef.current) toEnd(list);
  }, [channelId, tail]);
  // The list grows shorter when something above or below it appears (a banner, the
  // keyboard on a phone): a reader following the conversation keeps the newest in view.
  useEffect(() => {
    const list = listRef.current;
    if (!list || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (followRef.current) toEnd(list);
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);
  const handled = () => {
    handledAtRef.current = Date.now();
  };
  const time = (at: string) => new Date(at).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" });

  return (
    // Focusable, so a long conversation scrolls by keyboard too.
    <ol
      className="messages"
      aria-live="polite"
      aria-relevant="additions"
      data-testid="messages"
      tabIndex={0}
      aria-label={label}
      ref={listRef}
      onWheel={handled}
      onTouchMove={handled}
      onKeyDown={handled}
      onPointerDown={handled}
      onScroll={(e) => {
        // Only the reader's own scrolling decides: back at the end, the list follows again;
        // scrolled up to read back, it stays where they are. Its own scrolling says nothing.
        const list = e.currentTarget;
        const atEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
        if (atEnd) followRef.current = true;
        else if (Date.now() - handledAtRef.current < 1000) followRef.current = false;
      }}
    >
      {messages.length === 0 && pending.length === 0 && <li className="empty">{t("noMessages")}</li>}
      {messages.map((m, i) => {
        if (m.type === "announcement.sent") {
          return (
            <li key={m.seq} className="message is-announcement">
              <p className="message-meta">
                <strong>{t("facilitator")}</strong> · {t("announcedTo", { roles: m.payload.roles.map(roleName).join(", ") })} ·{" "}
                <time dateTime={m.at}>{time(m.at)}</time>
              </p>
              <p className="message-body" dir="auto">
                {m.payload.body}
              </p>
            </li>
          );
        }
        const grouped = continues(messages[i - 1], m);
        const own = Boolean(myUserId) && m.actor.userId === myUserId;
        return (
          <li
            key={m.seq}
            className={`message${own ? " is-own" : ""}${grouped ? " is-continued" : ""}${m.actor.roleKey ? "" : " is-chair"}`}
          >
            <p className={`message-meta${grouped ? " visually-hidden" : ""}`}>
              <strong>{m.actor.roleKey ? m.payload.roleName : t("chair")}</strong> · {m.payload.authorName} ·{" "}
              <time dateTime={m.at}>{time(m.at)}</time>
            </p>
            {m.payload.clause && (
              <p className="message-thread meta">
                {t("onClause", {
                  title: clauseTitle?.(m.payload.clause.agreementId, m.payload.clause.clauseKey) ?? m.payload.clause.clauseKey,
                })}
              </p>
            )}
            <p className="message-body" dir="auto">
              {m.payload.body}
            </p>
          </li>
        );
      })}
      {pending.map((m) => (
        <PendingMessage key={m.key} entry={m} online={online} onRetry={() => onRetry(m.key)} onDiscard={() => onDiscard(m.key)} />
      ))}
    </ol>
  );
}

/** A message the server does not have yet: waiting, being sent, or refused (with a retry). */
function PendingMessage({
  entry,
  online,
  onRetry,
  onDiscard,
}: {
  entry: OutboxEntry;
  online: boolean;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const t = useTranslations("room");
  const serverText = useServerText();
  const body = typeof entry.input.body === "string" ? entry.input.body : "";
  return (
    <li className={`message is-own is-pending is-${entry.state}`} data-testid="pending-message">
      <p className="message-meta">
        {entry.state === "failed" ? (
          <span className="error" role="alert">
            {t("notSentBecause", { reason: entry.error ? serverText(entry.error.message) : t("notSent") })}
          </span>
        ) : (
          <span>{online ? t("sending") : t("waitingForNetwork")}</span>
        )}
      </p>
      <p className="message-body" dir="auto">
        {body}
      </p>
      {entry.state === "failed" && (
        <p className="message-actions">
          <button type="button" className="link-button" onClick={onRetry}>
            {t("retry")}
          </button>{" "}
          <button type="button" className="link-button" onClick={onDiscard}>
            {t("discard")}
          </button>
        </p>
      )}
    </li>
  );
}
