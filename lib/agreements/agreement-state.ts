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

interface Payload {
  agreementId: string;
  title: string;
  version?: number;
  clauses?: Clause[];
  status?: AgreementStatus;
  channelId?: string;
  reason?: string;
  amendmentId?: string;
  baseVersion?: number;
  change?: Change;
  accepted?: boolean;
  roleKey?: string;
  tabledBy?: string;
}

export function applyAgreementEvent(agreements: Map<string, AgreementView>, event: EventDto): void {
  if (!event.type.startsWith("agreement.")) return;
  const p = event.payload as Payload;
  const a: AgreementView =
    agreements.get(p.agreementId) ??
    ({ id: p.agreementId, title: p.title, status: "draft", version: 0, clauses: [], versions: [], amendments: [], signatures: [] } satisfies AgreementView);
  agreements.set(a.id, a);
  const addVersion = () => {
    if (p.version === undefined || !p.clauses) return;
    a.version = p.version;
    a.clauses = p.clauses;
    if (!a.versions.some((v) => v.number === p.version)) {
      a.versions.push({ number: p.version, clauses: p.clauses, at: event.at, ...(event.actor.roleKey ? { roleKey: event.actor.roleKey } : {}), ...(p.reason ? { reason: p.reason } : {}) });
    }
  };
  switch (event.type) {
    case "agreement.created":
      a.channelId = p.channelId;
      a.status = "draft";
      addVersion();
      break;
    case "agreement.tabled":
      a.channelId = p.channelId;
      a.status = "tabled";
      if (p.tabledBy) a.tabledBy = p.tabledBy;
      addVersion();
      break;
    case "agreement.version":
      addVersion();
      if (p.amendmentId) {
        const m = a.amendments.find((x) => x.id === p.amendmentId);
        if (m) m.status = "accepted";
      }
      break;
    case "agreement.amendment-proposed":
      if (p.amendmentId && p.change) {
        a.amendments.push({ id: p.amendmentId, baseVersion: p.baseVersion ?? a.version, change: p.change, ...(event.actor.roleKey ? { roleKey: event.actor.roleKey } : {}), reason: p.reason ?? null, status: "pending" });
      }
      break;
    case "agreement.amendment-decided": {
      const m = a.amendments.find((x) => x.id === p.amendmentId);
      if (m) m.status = p.accepted ? "accepted" : "rejected";
      break;
    }
    case "agreement.signed":
      if (p.roleKey && p.version !== undefined) a.signatures.push({ roleKey: p.roleKey, version: p.version });
      break;
    case "agreement.status":
      if (p.status) a.status = p.status;
      break;
  }
}

export function agreementsFrom(events: readonly EventDto[]): Map<string, AgreementView> {
  const map = new Map<string, AgreementView>();
  for (const e of events) applyAgreementEvent(map, e);
  return map;
}
