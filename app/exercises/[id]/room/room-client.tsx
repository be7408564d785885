"use client";

import { useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { isExerciseStatus } from "@/app/components/exercise-status";
import { dateLocale } from "@/i18n/locales";
import { MAX_MESSAGE_LENGTH, type ChannelDto, type EventDto } from "@/lib/contract/events";
import { newClientKey } from "@/lib/client/exercise-client";
import { useExercise } from "./use-exercise";
import { ClockDisplay } from "./clock-display";
import { AgreementPanel } from "./agreement-panel";
import { useServerText } from "@/app/components/use-server-text";

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
  useEffect(() => {
    const list = listRef.current;
    if (list && followRef.current) list.scrollTop = list.scrollHeight;
  }, [currentId, lastInCurrent]);

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
    const result = await live.socket.current?.emitWithAck("backchannel:respond", { exerciseId, channelId, accept, clientKey: newClientKey() });
    if (result && !result.ok) setNotice(serverText(result.message));
    else if (accept) setSelected(channelId);
  }

  async function leave(channelId: string) {
    const result = await live.socket.current?.emitWithAck("backchannel:leave", { exerciseId, channelId, clientKey: newClientKey() });
    if (result && !result.ok) setNotice(serverText(result.message));
  }

  async function setPhase(phaseIndex: number) {
    const result = await live.socket.current?.emitWithAck("exercise:set-phase", { exerciseId, phaseIndex });
    if (result && !result.ok) setNotice(serverText(result.message));
  }

  async function extendPhase(minutes: number) {
    const result = await live.socket.current?.emitWithAck("exercise:extend", { exerciseId, minutes });
    if (result && !result.ok) setNotice(serverText(result.message));
  }

  async function setStatus(status: "running" | "paused" | "ended") {
    const result = await live.socket.current?.emitWithAck("exercise:set-status", { exerciseId, status });
    if (result && !result.ok) setNotice(serverText(result.message));
  }

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
        <p className={`connection connection-${live.connection}`} role="status">
          {live.connection === "online" ? t("online") : live.connection === "connecting" ? t("connecting") : t("offline")}
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
        {myRole && <BackchannelForm exerciseId={exerciseId} roles={roles.filter((r) => r.key !== myRole)} onError={setNotice} onOpened={setSelected} socket={live.socket} />}
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
              {currentMessages.length === 0 && <li className="empty">{t("noMessages")}</li>}
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
            </ol>
            <p className="typing" aria-live="off">
              {(live.typing[current.id] ?? []).length > 0 && t("typing", { names: (live.typing[current.id] ?? []).join(", ") })}
            </p>
            <Composer
              key={current.id}
              channel={current}
              canWrite={
                !current.closed && current.open && (staff ? current.kind === "announcements" : Boolean(myRole && current.members.includes(myRole)))
              }
              onSend={(body) => live.client.current?.send(current.id, body)}
              onTyping={(typing) => live.socket.current?.emit("typing:set", { exerciseId, channelId: current.id, typing })}
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
            exerciseId={exerciseId}
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

function Composer({
  channel,
  canWrite,
  onSend,
  onTyping,
}: {
  channel: ChannelDto;
  canWrite: boolean;
  onSend: (body: string) => Promise<{ ok: boolean; message?: string } | undefined> | undefined;
  onTyping: (typing: boolean) => void;
}) {
  const t = useTranslations("room");
  const serverText = useServerText();
  const [body, setBody] = useState("");
  const [error, setError] = useState("");
  const [sending, setSending] = useState(false);
  const typingRef = useRef(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = body.trim();
    if (!text || sending) return;
    setSending(true);
    setError("");
    const result = await onSend(text);
    setSending(false);
    if (result && !result.ok) setError(serverText(result.message) ?? t("notSent"));
    else setBody("");
    typingRef.current = false;
    onTyping(false);
    inputRef.current?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey) void submit(event);
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
        onChange={(e) => {
          setBody(e.target.value);
          const typing = e.target.value.length > 0;
          if (typing !== typingRef.current) {
            typingRef.current = typing;
            onTyping(typing);
          }
        }}
      />
      <button className="button" type="submit" disabled={sending || body.trim().length === 0}>
        {sending ? t("sending") : t("send")}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

function BackchannelForm({
  exerciseId,
  roles,
  onError,
  onOpened,
  socket,
}: {
  exerciseId: string;
  roles: RoleInfo[];
  onError: (message: string) => void;
  onOpened: (channelId: string) => void;
  socket: ReturnType<typeof useExercise>["socket"];
}) {
  const t = useTranslations("room");
  const serverText = useServerText();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = form.getAll("roles").map(String);
    if (chosen.length === 0) return onError(t("chooseInvitees"));
    const result = await socket.current?.emitWithAck("backchannel:request", { exerciseId, roles: chosen, clientKey: newClientKey() });
    if (result && !result.ok) onError(serverText(result.message));
    else if (result?.ok) onOpened(result.data.channelId);
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
