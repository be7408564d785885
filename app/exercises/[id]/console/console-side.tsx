"use client";

import { useRouter } from "next/navigation";
import { callApi } from "@/lib/client/api";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { Inject } from "@/lib/scenario/scenario.schema";
import type { RosterEntry } from "@/server/exercises/exercise.service";
import type { useExercise } from "../room/use-exercise";
import { useServerText } from "@/app/components/use-server-text";

type Live = ReturnType<typeof useExercise>;

interface Props {
  live: Live;
  exerciseId: string;
  roles: { key: string; name: string }[];
  roster: RosterEntry[];
  removed: RosterEntry[];
  injects: Inject[];
  phases: { key: string; title: string }[];
  joinCode: string | null;
}

export function ConsoleSide({ live, exerciseId, roles, roster, removed, injects, phases, joinCode }: Props) {
  const t = useTranslations("console");
  const serverText = useServerText();
  const router = useRouter();
  const [notice, setNotice] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const roleName = (key: string | null | undefined) => roles.find((r) => r.key === key)?.name ?? t("noRole");
  const online = new Set(Object.values(live.presence).flat());
  const released = new Set(live.events.flatMap((e) => (e.type === "inject.released" && e.payload.injectKey ? [e.payload.injectKey] : [])));
  // The setting as the server last said: the join's snapshot, then each change in the log.
  const observersRead = live.events.reduce(
    (current, e) => (e.type === "exercise.settings" ? e.payload.observersSeeBackchannels : current),
    live.joined?.observersSeeBackchannels ?? false,
  );

  /** Runs a command (through the client's outbox) or an API call; refusals are shown, translated. */
  async function act<T>(run: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>, refresh = false) {
    const result = await run();
    if (!result.ok) setNotice(serverText(result.message));
    else {
      setNotice("");
      if (refresh) router.refresh();
    }
    return result;
  }
  // The live roster once joined; the page's own until then.
  const people = live.roster?.people ?? roster;
  const gone = live.roster?.removed ?? removed;

  async function releaseInject(event: FormEvent<HTMLFormElement>, injectKey?: string) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = form.getAll("audience").map(String);
    const audience = chosen.length === 0 || chosen.includes("all") ? ("all" as const) : chosen;
    const title = String(form.get("title") ?? "");
    const text = String(form.get("text") ?? "");
    const result = await act(() => live.command("inject:release", { title, text, audience, ...(injectKey ? { injectKey } : {}) }));
    if (result.ok) {
      setEditing(null);
      if (!injectKey) event.currentTarget.reset();
    }
  }

  async function announce(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const body = String(form.get("body") ?? "");
    const chosen = form.getAll("roles").map(String);
    const announcements = live.channels.find((c) => c.kind === "announcements");
    const result =
      chosen.length === 0
        ? announcements
          ? await live.command("message:send", { channelId: announcements.id, body })
          : undefined
        : await live.command("announcement:send", { body, roles: chosen });
    if (result && !result.ok) setNotice(serverText(result.message));
    else formEl.reset();
  }

  const audienceBoxes = (defaults: Inject["audience"]) => (
    <fieldset className="audience">
      <legend>{t("audience")}</legend>
      <label className="check">
        <input type="checkbox" name="audience" value="all" defaultChecked={defaults === "all"} /> {t("everyone")}
      </label>
      {roles.map((r) => (
        <label key={r.key} className="check">
          <input type="checkbox" name="audience" value={r.key} defaultChecked={defaults !== "all" && defaults.includes(r.key)} /> {r.name}
        </label>
      ))}
    </fieldset>
  );

  return (
    <div className="console-panels">
      {notice && (
        <p role="alert" className="error">
          {notice}
        </p>
      )}
      <details open className="panel">
        <summary>{t("roster", { count: people.filter((p) => p.seat === "participant").length })}</summary>
        {live.joinAlarm && (
          <div role="status" className="notice notice-warning">
            <p>
              {t("joinAlarm", { count: live.joinAlarm.nearMisses, minutes: live.joinAlarm.windowMinutes })}{" "}
              {live.joinAlarm.slowedForS > 0 && t("joinAlarmSlowed", { seconds: live.joinAlarm.slowedForS })}
            </p>
            <button type="button" className="link-button" onClick={live.dismissJoinAlarm}>
              {t("dismiss")}
            </button>
          </div>
        )}
        {joinCode && (
          <p className="meta">
            {t("joinCode")} <strong className="mono">{joinCode}</strong>{" "}
            <button
              type="button"
              className="link-button"
              onClick={() => void act(() => callApi<{ joinCode: string }>(`/api/exercises/${exerciseId}/join-code`, { body: {} }), true)}
            >
              {t("newJoinCode")}
            </button>
          </p>
        )}
        <ul className="list roster">
          {people
            .filter((p) => p.seat !== "facilitator")
            .map((p) => (
              <li key={`${p.userId}-${p.seat}`} className="list-row">
                <span>
                  <span className={`presence-dot${online.has(p.displayName) ? " is-online" : ""}`} aria-hidden="true" />
                  <span className="visually-hidden">{online.has(p.displayName) ? t("isOnline") : t("isOffline")}</span> {p.displayName}
                  {p.seat === "observer" && <span className="meta">{t("observer")}</span>}
                </span>
                {p.seat === "participant" && (
                  <select
                    aria-label={t("roleFor", { name: p.displayName })}
                    value={p.roleKey ?? ""}
                    onChange={(e) => void act(() => live.command("roster:assign", { userId: p.userId, roleKey: e.target.value }))}
                  >
                    <option value="" disabled>
                      {t("choose")}
                    </option>
                    {roles.map((r) => (
                      <option key={r.key} value={r.key}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                )}
                <button type="button" className="link-button" onClick={() => void act(() => live.command("roster:remove", { userId: p.userId }))}>
                  {t("remove")}
                </button>
              </li>
            ))}
          {gone.map((p) => (
            <li key={`removed-${p.userId}`} className="list-row is-removed">
              <span>
                {p.displayName} <span className="meta">{t("removed", { role: roleName(p.roleKey) })}</span>
              </span>
              <button type="button" className="link-button" onClick={() => void act(() => live.command("roster:readmit", { userId: p.userId }))}>
                {t("readmit")}
              </button>
            </li>
          ))}
        </ul>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const email = String(new FormData(e.currentTarget).get("email") ?? "");
            void act(() => live.command("roster:add-observer", { email }));
          }}
        >
          <label>
            {t("addObserver")}
            <input name="email" type="email" required />
          </label>
          <button className="button button-secondary" type="submit">
            {t("add")}
          </button>
        </form>
        <label className="check">
          <input
            type="checkbox"
            checked={observersRead}
            disabled={live.joined === null}
            onChange={(e) => void act(() => live.command("exercise:settings", { observersSeeBackchannels: e.target.checked }))}
          />{" "}
          {t("observersRead")}
        </label>
      </details>

      <details open className="panel">
        <summary>{t("injects")}</summary>
        <ul className="list injects-list">
          {injects.map((i) => (
            <li key={i.key} className="inject-row">
              <div className="list-row">
                <span>
                  <strong>{i.title}</strong>
                  <br />
                  <span className="meta">
                    {i.at === "manual"
                      ? t("byHand")
                      : t("atMinute", { phase: phases.find((p) => p.key === (i.at as { phase: string }).phase)?.title ?? "", minute: (i.at as { minute: number }).minute })}{" "}
                    · {i.audience === "all" ? t("toEveryone") : i.audience.map(roleName).join(", ")}
                  </span>
                </span>
                {released.has(i.key) ? (
                  <span className="badge badge-ended">{t("released")}</span>
                ) : (
                  <button type="button" className="link-button" onClick={() => setEditing(editing === i.key ? null : i.key)}>
                    {editing === i.key ? t("cancel") : t("editRelease")}
                  </button>
                )}
              </div>
              {editing === i.key && (
                <form className="form" onSubmit={(e) => void releaseInject(e, i.key)}>
                  <label>
                    {t("title")}
                    <input name="title" defaultValue={i.title} required />
                  </label>
                  <label>
                    {t("text")}
                    <textarea name="text" defaultValue={i.text} rows={4} required />
                  </label>
                  {audienceBoxes(i.audience)}
                  <button className="button" type="submit">
                    {t("releaseNow")}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
        <details>
          <summary>{t("writeInject")}</summary>
          <form className="form" onSubmit={(e) => void releaseInject(e)}>
            <label>
              {t("title")}
              <input name="title" required />
            </label>
            <label>
              {t("text")}
              <textarea name="text" rows={3} required />
            </label>
            {audienceBoxes("all")}
            <button className="button" type="submit">
              {t("release")}
            </button>
          </form>
        </details>
      </details>

      <details open className="panel">
        <summary>{t("announcement")}</summary>
        <form className="form" onSubmit={(e) => void announce(e)}>
          <label>
            {t("message")}
            <textarea name="body" rows={2} required />
          </label>
          <fieldset className="audience">
            <legend>{t("announceTo")}</legend>
            {roles.map((r) => (
              <label key={r.key} className="check">
                <input type="checkbox" name="roles" value={r.key} /> {r.name}
              </label>
            ))}
          </fieldset>
          <button className="button" type="submit">
            {t("announce")}
          </button>
        </form>
      </details>
    </div>
  );
}
