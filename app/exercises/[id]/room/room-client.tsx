"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { isExerciseStatus } from "@/app/components/exercise-status";
import { dateLocale } from "@/i18n/locales";
import { MAX_MESSAGE_LENGTH, type ChannelDto, type EventDto } from "@/lib/contract/events";
import type { Result } from "@/lib/contract/result";
import type { OutboxEntry } from "@/lib/client/exercise-client";
import { useExercise } from "./use-exercise";
import { ClockDisplay } from "./clock-display";
import { AgreementPanel } from "./agreement-panel";
import { useServerText } from "@/app/components/use-server-text";
import { DeletedNotice } from "../deleted-notice";

interface RoleInfo {
  key: string;
  name: string;
}

interface Props {
  exerciseId: string;
  title: string;
  roles: RoleInfo[];
  myRole?: string;
  staff: boolean;
  phases: { title: string; minutes: number }[];
  background: React.ReactNode;
  brief: React.ReactNode;
  /** The viewer's role permissions and the roles that must sign (for the agreement panel). */
  permissions?: string[];
  signatories?: string[];
  drafting?: boolean[];
  /** The facilitator console puts its own panels where a participant's papers go. */
  side?: (live: ReturnType<typeof useExercise>) => React.ReactNode;
}

const KIND_ORDER: ChannelDto["kind"][] = ["plenary", "announcements", "team", "backchannel"];

/** What a channel's conversation shows. */
type ChannelMessage = Extract<EventDto, { type: "message.sent" | "announcement.sent" }>;

export function RoomClient({ exerciseId, title, roles, myRole, staff, phases, background, brief, side, permissions = [], signatories = [], drafting = [] }: Props) {
  const t = useTranslations("room");
  const serverText = useServerText();
  const locale = useLocale();
  const live = useExercise(exerciseId);
  const phaseTitles = phases.map((p) => p.title);
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string>("");
  const [readUpTo, setReadUpTo] = useState<Record<string, number>>({});
  const [notice, setNotice] = useState("");
  const roleName = (key?: string) => roles.find((r) => r.key === key)?.name ?? key ?? "";

  const channels = useMemo(
    () => [...live.channels].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)),
    [live.channels],
  );
  const current = channels.find((c) => c.id === selected) ?? channels.find((c) => c.kind === "plenary") ?? channels[0];
  const messagesByChannel = useMemo(() => {
    const map = new Map<string, ChannelMessage[]>();
    const announcements = live.channels.find((c) => c.kind === "announcements")?.id;
    for (const e of live.events) {
      if (e.type !== "message.sent" && e.type !== "announcement.sent") continue;
      // Announcements to chosen roles are shown with the others in the announcements channel.
      const channelId = e.type === "message.sent" ? e.channelId : announcements;
      if (!channelId) continue;
      const list = map.get(channelId) ?? [];
      list.push(e);
      map.set(channelId, list);
    }
    return map;
  }, [live.events]);
  const currentMessages = current ? messagesByChannel.get(current.id) ?? [] : [];
  // Messages of this channel the server does not have yet, in the order they were written.
  const waiting = live.outbox.filter((e) => e.state !== "failed").length;
  // (The message itself may arrive before its ack: then the pending copy is already gone.)
  const deliveredKeys = new Set(currentMessages.flatMap((m) => (m.type === "message.sent" && m.payload.clientKey ? [m.payload.clientKey] : [])));
  const pendingHere = live.outbox.filter((e) => e.name === "message:send" && e.input.channelId === current?.id && !deliveredKeys.has(e.key));
  const lastInCurrent = currentMessages.at(-1)?.seq ?? 0;

  useEffect(() => {
    if (current && lastInCurrent > (readUpTo[current.id] ?? 0)) setReadUpTo((prev) => ({ ...prev, [current.id]: lastInCurrent }));
  }, [current, lastInCurrent, readUpTo]);

  // The newest message stays in view, unless the reader has scrolled up to read back.
  const listRef = useRef<HTMLOListElement>(null);
  const followRef = useRef(true);
  const currentId = current?.id;
  useEffect(() => {
    followRef.current = true;
  }, [currentId]);
  // Pending copies count too: a message written (or refused) while offline is news as well.
  const tail = `${lastInCurrent}:${pendingHere.map((m) => `${m.key}:${m.state}`).join(",")}`;
  useEffect(() => {
    const list = listRef.current;
    if (list && followRef.current) list.scrollTop = list.scrollHeight;
  }, [currentId, tail]);

  const unread = (c: ChannelDto) => (messagesByChannel.get(c.id) ?? []).filter((e) => e.seq > (readUpTo[c.id] ?? 0)).length;
  const invitations = channels.filter((c) => c.kind === "backchannel" && myRole && c.pending.includes(myRole));
  const phase = live.joined ? phaseTitles[live.phaseIndex] : undefined;
  const injects = live.events.flatMap((e) => (e.type === "inject.released" ? [e] : [])).reverse();
  // Staff, and observers while the facilitator allows it (the server lists backchannels to
  // them only then), read a backchannel by opening it; the server audits every opening.
  const mayOversee = staff || (live.joined !== null && !myRole);
  const needsOpening = mayOversee && current?.kind === "backchannel" && !opened.has(current.id) && !live.joined?.opened.includes(current.id);

  async function openBackchannel(channelId: string) {
    const result = await live.client.current?.oversee(channelId);
    if (!result) return;
    if (!result.ok) return setNotice(serverText(result.message));
    live.addEvents(result.data);
    setOpened((prev) => new Set(prev).add(channelId));
  }

  async function respond(channelId: string, accept: boolean) {
    // Queued in the outbox: a click made offline takes effect once the connection returns.
    const result = await live.command("backchannel:respond", { channelId, accept });
    if (!result.ok) setNotice(serverText(result.message));
    else if (accept) setSelected(channelId);
  }

  async function leave(channelId: string) {
    const result = await live.command("backchannel:leave", { channelId });
    if (!result.ok) setNotice(serverText(result.message));
  }

  async function setPhase(phaseIndex: number) {
    const result = await live.command("exercise:set-phase", { phaseIndex });
    if (!result.ok) setNotice(serverText(result.message));
  }

  async function extendPhase(minutes: number) {
    const result = await live.command("exercise:extend", { minutes });
    if (!result.ok) setNotice(serverText(result.message));
  }

  async function setStatus(status: "running" | "paused" | "ended") {
    const result = await live.command("exercise:set-status", { status });
    if (!result.ok) setNotice(serverText(result.message));
  }

  if (live.deleted) return <DeletedNotice />;
  if (live.removed) return <RemovedNotice />;

  return (
    <div className="room">
      <header className="room-head">
        <div>
          <h1 className="room-title">{title}</h1>
          <p className="meta">
            <span className={`badge badge-${live.status || "draft"}`}>{isExerciseStatus(live.status) ? t(`status.${live.status}`) : live.status || "…"}</span>
            {phase && <> · {t("phase", { phase })}</>}{" "}
            <ClockDisplay clock={live.clock} offset={live.offset} phaseMinutes={phases[live.phaseIndex]?.minutes ?? 0} />
            {myRole && <> · {t("youAre", { role: roleName(myRole) })}</>}
            {staff && <> · {t("facilitatorView")}</>}
          </p>
        </div>
        <p className={`connection connection-${live.connection}`} role="status" data-testid="connection">
          {live.connection === "offline"
            ? waiting > 0
              ? t("offlinePending", { count: waiting })
              : t("offline")
            : live.connection === "connecting"
              ? t("connecting")
              : live.recovered !== null
                ? t("backOnline", { count: live.recovered })
                : t("online")}
        </p>
        {staff && (
          <div className="run-controls" aria-label={t("runControl")}>
            {(live.status === "lobby" || live.status === "paused") && (
              <button className="button" type="button" onClick={() => void setStatus("running")}>
                {live.status === "paused" ? t("resume") : t("start")}
              </button>
            )}
            {live.status === "running" && (
              <button className="button button-secondary" type="button" onClick={() => void setStatus("paused")}>
                {t("pause")}
              </button>
            )}
            {live.status !== "ended" && live.phaseIndex > 0 && (
              <button className="button button-secondary" type="button" onClick={() => void setPhase(live.phaseIndex - 1)}>
                {t("previousPhase")}
              </button>
            )}
            {(live.status === "running" || live.status === "paused") && (
              <button className="button button-secondary" type="button" onClick={() => void extendPhase(5)}>
                {t("extend", { minutes: 5 })}
              </button>
            )}
            {live.status !== "ended" && live.phaseIndex < phaseTitles.length - 1 && (
              <button className="button button-secondary" type="button" onClick={() => void setPhase(live.phaseIndex + 1)}>
                {t("nextPhase")}
              </button>
            )}
            {(live.status === "running" || live.status === "paused") && (
              <button className="button button-secondary" type="button" onClick={() => void setStatus("ended")}>
                {t("end")}
              </button>
            )}
          </div>
        )}
      </header>
      {(live.error || notice) && (
        <p role="alert" className="error room-alert">
          {live.error || notice}{" "}
          {notice && (
            <button type="button" className="link-button" onClick={() => setNotice("")}>
              {t("dismiss")}
            </button>
          )}
        </p>
      )}

      <nav className="channels" aria-label={t("channels")}>
        <ul>
          {channels.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`channel-button${current?.id === c.id ? " is-current" : ""}`}
                aria-current={current?.id === c.id ? "true" : undefined}
                onClick={() => setSelected(c.id)}
              >
                <span className="channel-name">
                  <span className={`kind kind-${c.kind}`}>{t(`kind.${c.kind}`)}</span> {c.name}
                </span>
                {c.closed && <span className="meta"> {t("closed")}</span>}
                {unread(c) > 0 && current?.id !== c.id && (
                  <span className="unread" aria-label={t("unread", { count: unread(c) })}>
                    {unread(c)}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
        {invitations.map((c) => (
          <div key={c.id} className="invitation panel" role="group" aria-label={t("invitationLabel", { name: c.name })}>
            <p>{t.rich("invitation", { role: roleName(c.requestedBy), name: c.name, strong: (chunks) => <strong>{chunks}</strong> })}</p>
            <button className="button" type="button" onClick={() => void respond(c.id, true)}>
              {t("accept")}
            </button>{" "}
            <button className="button button-secondary" type="button" onClick={() => void respond(c.id, false)}>
              {t("decline")}
            </button>
          </div>
        ))}
        {myRole && (
          <BackchannelForm roles={roles.filter((r) => r.key !== myRole)} onError={setNotice} onOpened={setSelected} request={(chosen) => live.command("backchannel:request", { roles: chosen })} />
        )}
        <Presence online={live.presence} roleName={roleName} />
      </nav>

      <section className="conversation" aria-label={current ? t("conversationOf", { name: current.name }) : t("conversation")}>
        {injects.length > 0 && (
          <div className="injects" aria-label={t("injects")}>
            {injects.slice(0, 2).map((e) => (
              <article key={e.seq} className="inject" role="note">
                <p className="inject-label">{t("injectAt", { time: new Date(e.at).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" }) })}</p>
                <h3>{e.payload.title}</h3>
                <p>{e.payload.text}</p>
              </article>
            ))}
          </div>
        )}
        {!live.joined ? (
          <p className="empty">{t("loading")}</p>
        ) : !current ? (
          <p className="empty">{t("noChannels")}</p>
        ) : (
          <>
            <div className="conversation-head">
              <h2>{current.name}</h2>
              {current.kind === "backchannel" && (
                <p className="meta">
                  {t("offRecord", { members: current.members.map(roleName).join(", ") })}
                  {current.pending.length > 0 && t("invited", { names: current.pending.map(roleName).join(", ") })}
                  {myRole && current.members.includes(myRole) && !current.closed && (
                    <>
                      {" "}
                      ·{" "}
                      <button type="button" className="link-button" onClick={() => void leave(current.id)}>
                        {t("leave")}
                      </button>
                    </>
                  )}
                </p>
              )}
            </div>
            {needsOpening && (
              <div className="panel oversight">
                <p>{t("oversight")}</p>
                <button className="button" type="button" onClick={() => void openBackchannel(current.id)}>
                  {t("openBackchannel")}
                </button>
              </div>
            )}
            {/* Focusable, so a long conversation scrolls by keyboard too. */}
            <ol
              className="messages"
              aria-live="polite"
              aria-relevant="additions"
              data-testid="messages"
              tabIndex={0}
              aria-label={current?.name}
              ref={listRef}
              onScroll={(e) => {
                const list = e.currentTarget;
                followRef.current = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
              }}
            >
              {currentMessages.length === 0 && pendingHere.length === 0 && <li className="empty">{t("noMessages")}</li>}
              {currentMessages.map((m) => {
                if (m.type === "announcement.sent") {
                  return (
                    <li key={m.seq} className="message is-announcement">
                      <p className="message-meta">
                        <strong>{t("facilitator")}</strong> · {t("announcedTo", { roles: m.payload.roles.map(roleName).join(", ") })}
                      </p>
                      <p className="message-body">{m.payload.body}</p>
                    </li>
                  );
                }
                return (
                  <li key={m.seq} className={`message${m.actor.userId && m.actor.roleKey === myRole ? " is-own" : ""}`}>
                    <p className="message-meta">
                      <strong>{m.payload.roleName}</strong> · {m.payload.authorName} ·{" "}
                      <time dateTime={m.at}>{new Date(m.at).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" })}</time>
                    </p>
                    <p className="message-body">{m.payload.body}</p>
                  </li>
                );
              })}
              {pendingHere.map((m) => (
                <PendingMessage key={m.key} entry={m} online={live.connection === "online"} onRetry={() => live.client.current?.retry(m.key)} onDiscard={() => live.client.current?.discard(m.key)} />
              ))}
            </ol>
            <p className="typing" aria-live="off">
              {(live.typing[current.id] ?? []).length > 0 && t("typing", { names: (live.typing[current.id] ?? []).join(", ") })}
            </p>
            <Composer
              key={current.id}
              draftKey={`parley:draft:${exerciseId}:${current.id}`}
              channel={current}
              canWrite={
                !current.closed && current.open && (staff ? current.kind === "announcements" : Boolean(myRole && current.members.includes(myRole)))
              }
              onSend={(body) => void live.command("message:send", { channelId: current.id, body })}
              onTyping={(typing) => live.client.current?.typing(current.id, typing)}
            />
          </>
        )}
      </section>

      {side ? (
        <aside className="papers console-side" aria-label={t("console")}>
          {side(live)}
        </aside>
      ) : (
        <aside className="papers" aria-label={t("papers")}>
          <AgreementPanel
            live={live}
            {...(myRole ? { myRole } : {})}
            permissions={permissions}
            signatories={signatories}
            roleName={roleName}
            {...(current ? { channel: current } : {})}
            drafting={Boolean(drafting[live.phaseIndex]) && live.status === "running"}
          />
          <details>
            <summary>{t("yourBrief")}</summary>
            {brief}
          </details>
          <details>
            <summary>{t("background")}</summary>
            {background}
          </details>
        </aside>
      )}
    </div>
  );
}

/**
 * The message box. Sending hands the text to the client's outbox and clears the box at
 * once: the message shows in the conversation as pending until the server has it, so
 * any number can wait for the network. What is typed is kept per channel in browser
 * storage until sent, across channel switches and reloads.
 */
function Composer({
  draftKey,
  channel,
  canWrite,
  onSend,
  onTyping,
}: {
  draftKey: string;
  channel: ChannelDto;
  canWrite: boolean;
  onSend: (body: string) => void;
  onTyping: (typing: boolean) => void;
}) {
  const t = useTranslations("room");
  const [body, setBody] = useState(() => readDraft(draftKey));
  const typingRef = useRef(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);

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
    if (!text) return;
    onSend(text);
    change("");
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey) submit(event);
  }

  if (!canWrite) {
    return <p className="composer-closed meta">{channel.closed ? t("channelClosed") : t("cannotWrite")}</p>;
  }
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor="composer-input" className="visually-hidden">
        {t("messageTo", { name: channel.name })}
      </label>
      <textarea
        id="composer-input"
        ref={inputRef}
        value={body}
        maxLength={MAX_MESSAGE_LENGTH}
        rows={2}
        placeholder={t("placeholder", { name: channel.name })}
        onKeyDown={onKeyDown}
        onChange={(e) => change(e.target.value)}
      />
      <button className="button" type="submit" disabled={body.trim().length === 0}>
        {t("send")}
      </button>
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

/** A message the server does not have yet: waiting, being sent, or refused (with a retry). */
function PendingMessage({ entry, online, onRetry, onDiscard }: { entry: OutboxEntry; online: boolean; onRetry: () => void; onDiscard: () => void }) {
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
      <p className="message-body">{body}</p>
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

function BackchannelForm({
  roles,
  onError,
  onOpened,
  request,
}: {
  roles: RoleInfo[];
  onError: (message: string) => void;
  onOpened: (channelId: string) => void;
  request: (roles: string[]) => Promise<Result<{ channelId: string }>>;
}) {
  const t = useTranslations("room");
  const serverText = useServerText();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = form.getAll("roles").map(String);
    if (chosen.length === 0) return onError(t("chooseInvitees"));
    const result = await request(chosen);
    if (!result.ok) onError(serverText(result.message));
    else onOpened(result.data.channelId);
  }
  return (
    <details className="backchannel-form">
      <summary>{t("requestBackchannel")}</summary>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t("invite")}</legend>
          {roles.map((r) => (
            <label key={r.key} className="check">
              <input type="checkbox" name="roles" value={r.key} /> {r.name}
            </label>
          ))}
        </fieldset>
        <button className="button" type="submit">
          {t("sendRequest")}
        </button>
      </form>
    </details>
  );
}

function Presence({ online, roleName }: { online: Record<string, string[]>; roleName: (key: string) => string }) {
  const t = useTranslations("room");
  const entries = Object.entries(online);
  return (
    <section className="presence" aria-label={t("whoIsOnline")}>
      <h2 className="small-heading">{t("onlineHeading")}</h2>
      {entries.length === 0 ? (
        <p className="meta">{t("nobodyOnline")}</p>
      ) : (
        <ul>
          {entries.map(([key, names]) => (
            <li key={key}>
              <span className="dot" aria-hidden="true" />{" "}
              {t("presenceLine", { group: key === "staff" ? t("facilitator") : key === "observers" ? t("observers") : roleName(key), names: names.join(", ") })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What a removed participant sees instead of a room that no longer answers. */
export function RemovedNotice() {
  const t = useTranslations("room");
  return (
    <section className="panel removed-notice" role="alert" aria-labelledby="removed-heading">
      <h1 id="removed-heading">{t("removedTitle")}</h1>
      <p>{t("removedBody")}</p>
      <p>
        <a className="button button-secondary" href="/">
          {t("backHome")}
        </a>
      </p>
    </section>
  );
}
