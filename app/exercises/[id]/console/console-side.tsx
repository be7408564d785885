"use client";

// The facilitator's panels beside the room: people, injects, announcements, the agreement
// as the room has it, and the oversight audit, under a bar of links to each.
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import type { RosterPersonDto } from "@/lib/contract/events";
import { agreementsFrom } from "@/lib/agreements/agreement-state";
import { injectsToCome, releasedInjects } from "@/lib/injects/inject-timeline";
import type { Inject } from "@/lib/scenario/scenario.schema";
import type { Live, PhaseInfo, RoleInfo } from "./console-types";
import { useConsoleAct } from "./use-console-act";
import { PeopleSection } from "./people-section";
import { InjectsSection } from "./injects-section";
import { AnnouncementSection } from "./announcement-section";
import { AgreementMirror } from "./agreement-mirror";
import { AuditSection } from "./audit-section";

export interface ConsoleSideProps {
  exerciseId: string;
  roles: RoleInfo[];
  roster: RosterPersonDto[];
  removed: RosterPersonDto[];
  injects: Inject[];
  phases: PhaseInfo[];
  signatories: string[];
  joinCode: string | null;
  joinUrl: string | null;
  /** The audit viewer filtered to this exercise, for those who may read it. */
  auditUrl: string | null;
}

export function ConsoleSide({
  live,
  exerciseId,
  roles,
  roster,
  removed,
  injects,
  phases,
  signatories,
  joinCode,
  joinUrl,
  auditUrl,
}: ConsoleSideProps & { live: Live }) {
  const t = useTranslations("console");
  const { notice, setNotice, act } = useConsoleAct();
  const roleName = useCallback((key: string | null | undefined) => roles.find((r) => r.key === key)?.name ?? t("noRole"), [roles, t]);

  const seated = (live.roster?.people ?? roster).filter((p) => p.seat !== "facilitator").length;
  const released = useMemo(() => releasedInjects(live.events), [live.events]);
  const toCome = injectsToCome(injects, { status: live.status, clock: live.clock, phases, released });
  const agreements = useMemo(() => agreementsFrom(live.events).size, [live.events]);
  const openings = live.events.filter((e) => e.type === "oversight.opened").length;
  const links = [
    { href: "#console-people", label: t("nav.people"), count: seated },
    { href: "#console-injects", label: t("nav.injects"), count: toCome },
    { href: "#console-announce", label: t("nav.announce"), count: null },
    { href: "#console-agreement", label: t("nav.agreement"), count: agreements },
    { href: "#console-audit", label: t("nav.audit"), count: openings },
  ];

  return (
    <div className="console-panels">
      <div className="console-bar">
        <nav className="console-nav" aria-label={t("nav.label")}>
          <ul>
            {links.map((link) => (
              <li key={link.href}>
                <a href={link.href}>
                  {link.label}
                  {link.count !== null && <span className="count">{link.count}</span>}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {notice && (
          <p role="alert" className="error console-notice">
            {notice}{" "}
            <button type="button" className="link-button" onClick={() => setNotice("")}>
              {t("dismiss")}
            </button>
          </p>
        )}
      </div>
      <PeopleSection
        live={live}
        exerciseId={exerciseId}
        roles={roles}
        roleName={roleName}
        roster={roster}
        removed={removed}
        joinCode={joinCode}
        joinUrl={joinUrl}
        act={act}
      />
      <InjectsSection live={live} injects={injects} phases={phases} roles={roles} roleName={roleName} act={act} />
      <AnnouncementSection live={live} roles={roles} act={act} />
      <AgreementMirror live={live} signatories={signatories} roleName={roleName} />
      <AuditSection live={live} auditUrl={auditUrl} />
    </div>
  );
}
