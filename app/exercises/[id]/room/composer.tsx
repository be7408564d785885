"use client";

// The message box, pinned under the conversation. Sending hands the text to the client's
// outbox and clears the box at once: the message shows as pending until the server has
// it, so any number can wait for the network. What is typed is kept per channel in
// browser storage until sent, across channel switches and reloads. Past 2,000 characters
// the box says so and will not send (nothing is cut silently).
import { useTranslations } from "next-intl";
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { MAX_MESSAGE_LENGTH } from "@/lib/contract/limits";

/** From this many characters on, the counter shows. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 300;

export function Composer({
  draftKey,
  channelName,
  blocked,
  onSend,
  onTyping,
}: {
  draftKey: string;
  channelName: string;
  /** Why the viewer cannot write now (the box stays, disabled, keeping the draft), or null. */
  blocked: string | null;
  onSend: (body: string) => void;
  onTyping: (typing: boolean) => void;
}) {
  const t = useTranslations("room");
  const [body, setBody] = useState(() => readDraft(draftKey));
  const typingRef = useRef(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const ids = { input: useId(), help: useId() };
  const over = body.length - MAX_MESSAGE_LENGTH;

  function change(text: string) {
    setBody(text);
    writeDraft(draftKey, text);
    const typing = text.length > 0;
    if (typing !== typingRef.current) {
      typingRef.current = typing;
      onTyping(typing);
    }
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = body.trim();
    if (!text || blocked || text.length > MAX_MESSAGE_LENGTH) return;
    onSend(text);
    change("");
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  return (
    <form className={`composer${blocked ? " is-blocked" : ""}`} onSubmit={submit}>
      <label htmlFor={ids.input} className="visually-hidden">
        {t("messageTo", { name: channelName })}
      </label>
      <textarea
        id={ids.input}
        ref={inputRef}
        value={body}
        rows={2}
        dir="auto"
        disabled={blocked !== null}
        aria-describedby={ids.help}
        aria-invalid={over > 0}
        placeholder={blocked ? "" : t("placeholder", { name: channelName })}
        onKeyDown={onKeyDown}
        onChange={(e) => change(e.target.value)}
      />
      <button className="button" type="submit" disabled={blocked !== null || body.trim().length === 0 || over > 0}>
        {t("send")}
      </button>
      <p id={ids.help} className={`composer-help${over > 0 ? " error" : ""}`} aria-live="polite">
        {blocked ??
          (over > 0
            ? t("tooLong", { over, max: MAX_MESSAGE_LENGTH })
            : body.length >= COUNTER_FROM
              ? t("counter", { count: body.length, max: MAX_MESSAGE_LENGTH })
              : "")}
      </p>
    </form>
  );
}

function readDraft(key: string): string {
  try {
    return window.localStorage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

function writeDraft(key: string, text: string): void {
  try {
    if (text) window.localStorage.setItem(key, text);
    else window.localStorage.removeItem(key);
  } catch {
    // Storage full or disabled: the draft lives as long as the page.
  }
}
