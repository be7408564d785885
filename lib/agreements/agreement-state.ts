// Rebuilds agreements from the exercise events a viewer received. The live room and the
// debrief replay both use it, so what a role sees of a draft is exactly what the server
// sent it.
import type { EventDto } from "../contract/events";
import type { AgreementStatus, Change, Clause } from "./agreement";

export interface VersionView {
  number: number;
  clauses: Clause[];
  at: string;
  roleKey?: string;
  reason?: string;
}

export interface AmendmentView {
  id: string;
  baseVersion: number;
  change: Change;
  roleKey?: string;
  reason?: string | null;
  status: "pending" | "accepted" | "rejected";
}

export interface AgreementView {
  id: string;
  title: string;
  status: AgreementStatus;
  channelId?: string;
  version: number;
  clauses: Clause[];
  versions: VersionView[];
  amendments: AmendmentView[];
  signatures: { roleKey: string; version: number }[];
  tabledBy?: string;
}

type VersionEvent = Extract<EventDto, { type: "agreement.created" | "agreement.tabled" | "agreement.version" }>;

/** The agreement an event is about, created on first sight (a viewer may join mid-draft). */
function agreementOf(agreements: Map<string, AgreementView>, about: { agreementId: string; title: string }): AgreementView {
  const known = agreements.get(about.agreementId);
  if (known) return known;
  const a: AgreementView = { id: about.agreementId, title: about.title, status: "draft", version: 0, clauses: [], versions: [], amendments: [], signatures: [] };
  agreements.set(a.id, a);
  return a;
}

function addVersion(a: AgreementView, event: VersionEvent): void {
  const p = event.payload;
  a.version = p.version;
  a.clauses = p.clauses;
  if (a.versions.some((v) => v.number === p.version)) return;
  const reason = event.type === "agreement.version" ? event.payload.reason : undefined;
  a.versions.push({ number: p.version, clauses: p.clauses, at: event.at, ...(event.actor.roleKey ? { roleKey: event.actor.roleKey } : {}), ...(reason ? { reason } : {}) });
}

/** Applies one event to the agreements it is about; events about something else change nothing. */
export function applyAgreementEvent(agreements: Map<string, AgreementView>, event: EventDto): void {
  switch (event.type) {
    case "agreement.created": {
      const a = agreementOf(agreements, event.payload);
      a.channelId = event.payload.channelId;
      a.status = "draft";
      addVersion(a, event);
      break;
    }
    case "agreement.tabled": {
      const a = agreementOf(agreements, event.payload);
      a.channelId = event.payload.channelId;
      a.status = "tabled";
      a.tabledBy = event.payload.tabledBy;
      addVersion(a, event);
      break;
    }
    case "agreement.version": {
      const a = agreementOf(agreements, event.payload);
      addVersion(a, event);
      const m = event.payload.amendmentId ? a.amendments.find((x) => x.id === event.payload.amendmentId) : undefined;
      if (m) m.status = "accepted";
      break;
    }
    case "agreement.amendment-proposed": {
      const a = agreementOf(agreements, event.payload);
      const p = event.payload;
      a.amendments.push({ id: p.amendmentId, baseVersion: p.baseVersion, change: p.change, ...(event.actor.roleKey ? { roleKey: event.actor.roleKey } : {}), reason: p.reason, status: "pending" });
      break;
    }
    case "agreement.amendment-decided": {
      const a = agreementOf(agreements, event.payload);
      const m = a.amendments.find((x) => x.id === event.payload.amendmentId);
      if (m) m.status = event.payload.accepted ? "accepted" : "rejected";
      break;
    }
    case "agreement.signed":
      agreementOf(agreements, event.payload).signatures.push({ roleKey: event.payload.roleKey, version: event.payload.version });
      break;
    case "agreement.status":
      agreementOf(agreements, event.payload).status = event.payload.status;
      break;
  }
}

export function agreementsFrom(events: readonly EventDto[]): Map<string, AgreementView> {
  const map = new Map<string, AgreementView>();
  for (const e of events) applyAgreementEvent(map, e);
  return map;
}
