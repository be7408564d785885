"use client";

// The scenario's injects on the phase clock: those still to come with when each fires,
// those left to the facilitator, those whose phase ended first, and everything released
// so far. Any inject not yet out can be edited and released now; a new one written here.
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { dateLocale } from "@/i18n/locales";
import { injectTimeline, isComing, releasedInjects } from "@/lib/injects/inject-timeline";
import type { Inject } from "@/lib/scenario/scenario.schema";
import type { Live, PhaseInfo, RoleInfo, RoleName } from "./console-types";
import type { ConsoleAct } from "./use-console-act";
import { InjectReleaseForm, type ReleaseInput } from "./inject-release-form";
import { InjectTimingText } from "./inject-timing";
import { useServerNow } from "./use-server-now";

interface Props {
  live: Live;
  injects: Inject[];
  phases: PhaseInfo[];
  roles: RoleInfo[];
  roleName: RoleName;
  act: ConsoleAct;
}

export function InjectsSection({ live, injects, phases, roles, roleName, act }: Props) {
  const t = useTranslations("console");
  const locale = useLocale();
  const now = useServerNow(live.offset);
  const [editing, setEditing] = useState<string | null>(null);
  const released = useMemo(() => releasedInjects(live.events), [live.events]);
  const timeline = injectTimeline(injects, { status: live.status, clock: live.clock, phases, released, now });
  const groups = [
    { key: "coming", heading: t("injectGroups.coming"), entries: timeline.filter((e) => isComing(e.timing)) },
    { key: "manual", heading: t("injectGroups.manual"), entries: timeline.filter((e) => e.timing.kind === "manual") },
    { key: "missed", heading: t("injectGroups.missed"), entries: timeline.filter((e) => e.timing.kind === "missed") },
  ];
  const releases = live.events.flatMap((e) => (e.type === "inject.released" ? [e] : [])).reverse();
  const audienceOf = (audience: Inject["audience"]) => (audience === "all" ? t("toEveryone") : audience.map((k) => roleName(k)).join(", "));
  const phaseTitle = (key: string) => phases.find((p) => p.key === key)?.title ?? key;

  async function release(input: ReleaseInput, injectKey?: string): Promise<boolean> {
    const result = await act(() => live.command("inject:release", { ...input, ...(injectKey ? { injectKey } : {}) }));
    if (result.ok) setEditing(null);
    return result.ok;
  }

  return (
    <section id="console-injects" className="console-section" aria-labelledby="console-injects-heading">
      <h2 id="console-injects-heading" className="console-heading">
        {t("injects")}
      </h2>
      {injects.length === 0 && <p className="empty">{t("injectGroups.noneScheduled")}</p>}
      {groups
        .filter((g) => g.entries.length > 0)
        .map((group) => (
          <div key={group.key} className="inject-group" role="group" aria-labelledby={`inject-group-${group.key}`}>
            <h3 id={`inject-group-${group.key}`} className="console-subheading">
              {group.heading} <span className="count">{group.entries.length}</span>
            </h3>
            <ol className="inject-timeline" data-testid={`injects-${group.key}`}>
              {group.entries.map(({ inject, timing }) => (
                <li key={inject.key} className={`inject-entry is-${timing.kind}`}>
                  <div className="inject-entry-row">
                    <div>
                      <strong dir="auto">{inject.title}</strong>
                      <p className="meta">
                        {inject.at === "manual"
                          ? t("byHand")
                          : t("atMinute", { phase: phaseTitle(inject.at.phase), minute: inject.at.minute })}{" "}
                        · {audienceOf(inject.audience)}
                      </p>
                      <p className="inject-when">
                        <InjectTimingText timing={timing} status={live.status} offset={live.offset} phases={phases} />
                      </p>
                    </div>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-expanded={editing === inject.key}
                      aria-label={
                        editing === inject.key
                          ? t("cancelEditing", { title: inject.title })
                          : t("editReleaseNamed", { title: inject.title })
                      }
                      onClick={() => setEditing(editing === inject.key ? null : inject.key)}
                    >
                      {editing === inject.key ? t("cancel") : t("editRelease")}
                    </button>
                  </div>
                  {editing === inject.key && (
                    <InjectReleaseForm
                      roles={roles}
                      defaults={inject}
                      submitLabel={t("releaseNow")}
                      onRelease={(input) => release(input, inject.key)}
                    />
                  )}
                </li>
              ))}
            </ol>
          </div>
        ))}

      <details className="console-write-inject">
        <summary>{t("writeInject")}</summary>
        <InjectReleaseForm roles={roles} submitLabel={t("release")} onRelease={(input) => release(input)} />
      </details>

      <div className="inject-group" role="group" aria-labelledby="inject-group-released">
        <h3 id="inject-group-released" className="console-subheading">
          {t("injectGroups.released")} <span className="count">{releases.length}</span>
        </h3>
        {releases.length === 0 ? (
          <p className="empty">{t("injectGroups.noneReleased")}</p>
        ) : (
          <ol className="inject-timeline" data-testid="injects-released">
            {releases.map((e) => (
              <li key={e.seq} className="inject-entry is-released">
                <strong dir="auto">{e.payload.title}</strong>
                <p className="meta">
                  <span className="badge badge-ended">{t("released")}</span>{" "}
                  <time dateTime={e.at}>
                    {new Date(e.at).toLocaleTimeString(dateLocale(locale), { hour: "2-digit", minute: "2-digit" })}
                  </time>{" "}
                  · {e.payload.scheduled ? t("releasedOnTime") : t("releasedByHand")} · {audienceOf(e.payload.audience)}
                </p>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
