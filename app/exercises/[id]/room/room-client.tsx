"use client";

// The negotiation table. On a desk: channels, the conversation (the dominant pane, its own
// scroll, the composer pinned under it) and the papers (agreement, brief) side by side
// under a one-line run-state header. On a phone the same panes are tabs: Chat · Channels ·
// Agreement · Brief (the console's panels for the facilitator), the composer in view.
import * as Tabs from "@radix-ui/react-tabs";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { dateLocale } from "@/i18n/locales";
import type { ChannelDto } from "@/lib/contract/events";
import { useServerText } from "@/app/components/use-server-text";
import { DeletedNotice, RemovedNotice } from "../exit-notices";
import { useExercise, type LiveExercise } from "./use-exercise";
import dynamic from "next/dynamic";
import { ChannelList, useChannelLabel, type RoleInfo } from "./channel-list";
import { Composer } from "./composer";
import { MessageList, type ChannelMessage } from "./message-list";
import { RoomHeader } from "./room-header";
import { useRoomNotices } from "./use-room-notices";
import "./room.css";

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
  side?: (live: LiveExercise) => React.ReactNode;
}

/** The agreement (with its diff library and dialogs) loads after the conversation. */
const AgreementPanel = dynamic(() => import("./agreement-panel").then((m) => m.AgreementPanel), {
  ssr: false,
  loading: () => <p className="empty">…</p>,
});

const KIND_ORDER: ChannelDto["kind"][] = ["plenary", "announcements", "team", "backchannel"];

export function RoomClient({
  exerciseId,
  title,
  roles,
  myRole,
  staff,
  phases,
  background,
  brief,
  side,
  permissions = [],
  signatories = [],
  drafting = [],
}: Props) {
  const t = useTranslations("room");
  const serverText = useServerText();
  const locale = useLocale();
  const live = useExercise(exerciseId);
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<string>("");
  const [tab, setTab] = useState("chat");
  const [readUpTo, setReadUpTo] = useState<Record<string, number>>({});
  const [notice, setNotice] = useState("");
  // On a desk, the agreement can take the main pane as a wide document (the conversation moves aside).
  const [documentView, setDocumentView] = useState(false);
  const roleName = (key?: string) => roles.find((r) => r.key === key)?.name ?? key ?? "";
  const channelLabel = useChannelLabel(roleName);

  const channels = useMemo(
    () => [...live.channels].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)),
    [live.channels],
  );
  const announcementsId = live.channels.find((c) => c.kind === "announcements")?.id;
  const current = channels.find((c) => c.id === selected) ?? channels.find((c) => c.kind === "plenary") ?? channels[0];
  const messagesByChannel = useMemo(() => {
    const map = new Map<string, ChannelMessage[]>();
    for (const e of live.events) {
      if (e.type !== "message.sent" && e.type !== "announcement.sent") continue;
      // Announcements to chosen roles are shown with the others in the announcements channel.
      const channelId = e.type === "message.sent" ? e.channelId : announcementsId;
      if (!channelId) continue;
      map.set(channelId, [...(map.get(channelId) ?? []), e]);
    }
    return map;
  }, [live.events, announcementsId]);
  const currentMessages = current ? (messagesByChannel.get(current.id) ?? []) : [];
  /** Clause titles by agreement and key, latest text first, for messages in a clause's thread. */
  const clauseTitles = useMemo(() => {
    const titles = new Map<string, string>();
    for (const e of live.events) {
      if (e.type === "agreement.created" || e.type === "agreement.version" || e.type === "agreement.tabled") {
        for (const c of e.payload.clauses) titles.set(`${e.payload.agreementId} ${c.key}`, c.title);
      }
    }
    return titles;
  }, [live.events]);
  const clauseTitle = (agreementId: string, clauseKey: string) => clauseTitles.get(`${agreementId} ${clauseKey}`);
  // (A message may arrive before its ack: then its pending copy is already gone.)
  const deliveredKeys = new Set(
    currentMessages.flatMap((m) => (m.type === "message.sent" && m.payload.clientKey ? [m.payload.clientKey] : [])),
  );
  const pendingHere = live.outbox.filter(
    (e) => e.name === "message:send" && e.input.channelId === current?.id && !deliveredKeys.has(e.key),
  );
  const lastInCurrent = currentMessages.at(-1)?.seq ?? 0;
  // Read once it is on screen: the chat tab on a phone, always on a desk. Kept while rendering,
  // so the current channel never shows as unread for a frame (React renders again at once).
  if (current && lastInCurrent > (readUpTo[current.id] ?? 0)) setReadUpTo({ ...readUpTo, [current.id]: lastInCurrent });

  const unread = (c: ChannelDto) => (messagesByChannel.get(c.id) ?? []).filter((e) => e.seq > (readUpTo[c.id] ?? 0)).length;
  const invitations = channels.filter((c) => c.kind === "backchannel" && myRole && c.pending.includes(myRole)).length;
  const unreadElsewhere = channels.filter((c) => c.id !== current?.id).reduce((n, c) => n + unread(c), 0);
  const injects = live.events.flatMap((e) => (e.type === "inject.released" ? [e] : [])).reverse();
  const lastStatus = [...live.events].reverse().find((e) => e.type === "exercise.status");
  const pauseReason = lastStatus?.type === "exercise.status" && lastStatus.payload.to === "paused" ? lastStatus.payload.reason : undefined;
  const chairVoice = live.events.reduce(
    (on, e) => (e.type === "exercise.settings" ? (e.payload.chairVoice ?? on) : on),
    live.joined?.chairVoice ?? false,
  );
  useRoomNotices(live, { ...(myRole ? { myRole } : {}), roleName, ...(announcementsId ? { announcementsId } : {}) });

  // Staff, and observers while the facilitator allows it (the server lists backchannels to
  // them only then), read a backchannel by opening it; the server audits every opening.
  const mayOversee = staff || (live.joined !== null && !myRole);
  const needsOpening =
    mayOversee && current?.kind === "backchannel" && !opened.has(current.id) && !live.joined?.opened.includes(current.id);

  const report = (result: { ok: true } | { ok: false; message: string }) => {
    if (!result.ok) setNotice(serverText(result.message));
    return result.ok ? null : serverText(result.message);
  };
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
    if (report(result) === null && accept) choose(channelId);
  }
  function choose(channelId: string) {
    setSelected(channelId);
    setTab("chat");
  }
  const run = {
    setStatus: async (status: "running" | "paused" | "ended", reason?: string) =>
      report(await live.command("exercise:set-status", { status, ...(reason ? { reason } : {}) })),
    setPhase: (phaseIndex: number) => void live.command("exercise:set-phase", { phaseIndex }).then(report),
    extend: (minutes: number) => void live.command("exercise:extend", { minutes }).then(report),
    setChairVoice: (on: boolean) => void live.command("exercise:settings", { chairVoice: on }).then(report),
  };

  /** Who writes here, when this viewer never does (no message box then), or null. */
  function notTheirs(c: ChannelDto): string | null {
    if (c.kind === "announcements" && !staff) return t("onlyFacilitatorPosts");
    if (staff && c.kind === "plenary" && !chairVoice) return t("chairVoiceOff");
    if (staff && c.kind !== "announcements" && c.kind !== "plenary") return t("staffReads");
    if (!staff && !(myRole && c.members.includes(myRole)))
      return myRole ? t("membersOnly", { members: c.members.map(roleName).join(", ") }) : t("noRoleYet");
    if (c.closed) return t("channelClosed");
    return null;
  }

  /** Why this viewer cannot write in the current channel now (the box stays, with the draft), or null. */
  function blockedReason(c: ChannelDto): string | null {
    if (live.status === "paused") return pauseReason ? t("pausedBecause", { reason: pauseReason }) : t("pausedNoReason");
    if (live.status === "ended") return t("endedNoMore");
    if (live.status !== "running") return t("notStarted");
    if (!c.open) return t("closedThisPhase");
    return null;
  }

  if (live.deleted) return <DeletedNotice />;
  if (live.removed) return <RemovedNotice />;

  const papers = side ? (
    <Tabs.Content value="console" forceMount className="pane pane-papers console-side" aria-label={t("console")}>
      {side(live)}
    </Tabs.Content>
  ) : (
    <>
      <Tabs.Content value="agreement" forceMount className="pane pane-agreement">
        <AgreementPanel
          live={live}
          {...(myRole ? { myRole } : {})}
          permissions={permissions}
          signatories={signatories}
          roleName={roleName}
          {...(current ? { channel: current } : {})}
          drafting={Boolean(drafting[live.phaseIndex]) && live.status === "running"}
          wide={documentView}
          onWide={(wide) => {
            setDocumentView(wide);
            if (wide) setTab("agreement");
          }}
        />
      </Tabs.Content>
      <Tabs.Content value="brief" forceMount className="pane pane-brief">
        <details open className="paper">
          <summary>{t("yourBrief")}</summary>
          {brief}
        </details>
        <details className="paper">
          <summary>{t("background")}</summary>
          {background}
        </details>
      </Tabs.Content>
    </>
  );

  return (
    <Tabs.Root
      value={tab}
      onValueChange={setTab}
      className={`room room-table${documentView && !side ? " is-document" : ""}`}
      activationMode="manual"
    >
      <RoomHeader
        title={title}
        live={live}
        phases={phases}
        staff={staff}
        run={run}
        chairVoice={chairVoice}
        {...(myRole ? { myRoleName: roleName(myRole) } : {})}
      />
      <div className="room-banners">
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
        {live.status === "paused" && (
          <p className="banner banner-paused" data-testid="paused-banner">
            <strong>{t("pausedTitle")}</strong> {pauseReason ? t("pausedWhy", { reason: pauseReason }) : t("pausedHint")}
          </p>
        )}
        {live.status === "ended" && (
          <p className="banner banner-ended" data-testid="ended-banner">
            <strong>{t("endedTitle")}</strong>{" "}
            <a className="button button-secondary" href={`/exercises/${exerciseId}/debrief`}>
              {t("openDebrief")}
            </a>
          </p>
        )}
      </div>
      <Tabs.List className="room-tabs" aria-label={t("roomSections")}>
        <Tabs.Trigger value="chat" className="room-tab">
          <span className="room-tab-label">{t("tabChat")}</span>
        </Tabs.Trigger>
        <Tabs.Trigger value="channels" className="room-tab">
          <span className="room-tab-label">{t("tabChannels")}</span>
          {unreadElsewhere + invitations > 0 && (
            <span className="unread" aria-label={t("unread", { count: unreadElsewhere + invitations })}>
              {unreadElsewhere + invitations}
            </span>
          )}
        </Tabs.Trigger>
        {side ? (
          <Tabs.Trigger value="console" className="room-tab">
            <span className="room-tab-label">{t("console")}</span>
          </Tabs.Trigger>
        ) : (
          <>
            <Tabs.Trigger value="agreement" className="room-tab">
              <span className="room-tab-label">{t("tabAgreement")}</span>
            </Tabs.Trigger>
            <Tabs.Trigger value="brief" className="room-tab">
              <span className="room-tab-label">{t("tabBrief")}</span>
            </Tabs.Trigger>
          </>
        )}
      </Tabs.List>

      <Tabs.Content value="channels" forceMount className="pane pane-channels">
        <ChannelList
          channels={channels}
          currentId={current?.id}
          unread={unread}
          onSelect={choose}
          myRole={myRole}
          roles={roles}
          roleName={roleName}
          mayConvene={permissions.includes("convene-backchannel")}
          respond={(id, accept) => void respond(id, accept)}
          request={(chosen, convene) => live.command(convene ? "backchannel:convene" : "backchannel:request", { roles: chosen })}
          presence={live.presence}
          onError={setNotice}
        />
      </Tabs.Content>

      <Tabs.Content value="chat" forceMount className="pane pane-chat">
        <section className="conversation" aria-label={current ? t("conversationOf", { name: channelLabel(current) }) : t("conversation")}>
          {injects.length > 0 && (
            <details className="inject-feed">
              <summary>
                <span className="inject-label">{t("injectsCount", { count: injects.length })}</span> {injects[0]!.payload.title}
              </summary>
              <ol className="injects">
                {injects.map((e) => (
                  <li key={e.seq} className="inject">
                    <p className="inject-label">
                      {t("injectAt", {
                        time: new Date(e.at).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" }),
                      })}
                    </p>
                    <h3>{e.payload.title}</h3>
                    <p>{e.payload.text}</p>
                  </li>
                ))}
              </ol>
            </details>
          )}
          {!live.joined ? (
            <p className="empty">{t("loading")}</p>
          ) : !current ? (
            <p className="empty">{t("noChannels")}</p>
          ) : (
            <>
              <div className="conversation-head">
                <h2>{channelLabel(current)}</h2>
                {current.kind === "backchannel" && (
                  <p className="meta">
                    {t("offRecord", { members: current.members.map(roleName).join(", ") })}
                    {current.pending.length > 0 && t("invited", { names: current.pending.map(roleName).join(", ") })}
                    {myRole && current.members.includes(myRole) && !current.closed && (
                      <>
                        {" "}
                        ·{" "}
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => void live.command("backchannel:leave", { channelId: current.id }).then(report)}
                        >
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
              <MessageList
                channelId={current.id}
                label={channelLabel(current)}
                messages={currentMessages}
                pending={pendingHere}
                online={live.connection === "online"}
                {...(live.joined?.you.userId ? { myUserId: live.joined.you.userId } : {})}
                roleName={roleName}
                clauseTitle={clauseTitle}
                onRetry={(key) => live.client.current?.retry(key)}
                onDiscard={(key) => live.client.current?.discard(key)}
              />
              <p className="typing" aria-live="off">
                {(live.typing[current.id] ?? []).length > 0 && t("typing", { names: (live.typing[current.id] ?? []).join(", ") })}
              </p>
              {notTheirs(current) ? (
                <p className="composer-closed meta" data-testid="composer-closed">
                  {notTheirs(current)}
                </p>
              ) : (
                <Composer
                  key={current.id}
                  draftKey={`parley:draft:${exerciseId}:${current.id}`}
                  channelName={channelLabel(current)}
                  blocked={blockedReason(current)}
                  onSend={(body) => void live.command("message:send", { channelId: current.id, body })}
                  onTyping={(typing) => live.client.current?.typing(current.id, typing)}
                />
              )}
            </>
          )}
        </section>
      </Tabs.Content>
      {papers}
    </Tabs.Root>
  );
}
