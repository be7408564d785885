// Rebuilds agreements from the exercise events a viewer received. The live room and the
// debrief replay both use it, so what a role sees of a draft is exactly what the server
// sent it.
import type { EventDto } from "../contract/events";
import type { VoteChoice, VoteTally } from "../contract/log-events";
import type { AgreementStatus, Change, Clause } from "./agreement";

export interface VersionView {
  number: number;
  clauses: Clause[];
  at: string;
  /** Whose text it is: the author of a direct change, the proposer of an accepted amendment. */
  roleKey?: string;
  userId?: string;
  reason?: string;
  /** For an accepted amendment: which, and the role that accepted it. */
  amendmentId?: string;
  decidedBy?: string;
}

export interface AmendmentView {
  id: string;
  baseVersion: number;
  change: Change;
  /** The proposer. */
  roleKey?: string;
  userId?: string;
  reason?: string | null;
  status: "pending" | "accepted" | "rejected";
  proposedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** The version an accepted amendment became. */
  version?: number;
}

export interface SignatureView {
  roleKey: string;
  version: number;
  userId?: string;
  at?: string;
}

/** A clause vote as its channel saw it; in a secret vote `ballots` stays empty and only `voted` fills. */
export interface VoteView {
  id: string;
  version: number;
  clauseKey: string | null;
  clauseTitle: string | null;
  secret: boolean;
  calledBy?: string;
  electorate: string[];
  /** Roles that have voted. */
  voted: string[];
  /** Each role's choice, in an open vote. */
  ballots: Record<string, VoteChoice>;
  status: "open" | "closed";
  openedAt: string;
  closedAt?: string;
  tally?: VoteTally;
  notVoted?: string[];
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
  signatures: SignatureView[];
  votes: VoteView[];
  tabledBy?: string;
}

type VersionEvent = Extract<EventDto, { type: "agreement.created" | "agreement.tabled" | "agreement.version" }>;

/** The agreement an event is about, created on first sight (a viewer may join mid-draft). */
function agreementOf(agreements: Map<string, AgreementView>, about: { agreementId: string; title: string }): AgreementView {
  const known = agreements.get(about.agreementId);
  if (known) return known;
  const a: AgreementView = {
    id: about.agreementId,
    title: about.title,
    status: "draft",
    version: 0,
    clauses: [],
    versions: [],
    amendments: [],
    signatures: [],
    votes: [],
  };
  agreements.set(a.id, a);
  return a;
}

/** Who the version is credited to, and why, as the event says or (older logs) as its amendment said. */
type Credit = Pick<VersionView, "roleKey" | "userId" | "reason" | "amendmentId" | "decidedBy">;

function addVersion(a: AgreementView, event: VersionEvent, credit: Credit): void {
  const p = event.payload;
  a.version = p.version;
  a.clauses = p.clauses;
  if (a.versions.some((v) => v.number === p.version)) return;
  const v: VersionView = { number: p.version, clauses: p.clauses, at: event.at };
  if (credit.roleKey) v.roleKey = credit.roleKey;
  if (credit.userId) v.userId = credit.userId;
  if (credit.reason) v.reason = credit.reason;
  if (credit.amendmentId) v.amendmentId = credit.amendmentId;
  if (credit.decidedBy) v.decidedBy = credit.decidedBy;
  a.versions.push(v);
}

const actorCredit = (event: EventDto): Credit => ({
  ...(event.actor.roleKey ? { roleKey: event.actor.roleKey } : {}),
  ...(event.actor.userId ? { userId: event.actor.userId } : {}),
});

/** Records a decision on an amendment (a fresh object, so replay checkpoints keep the old one). */
function decide(
  a: AgreementView,
  amendmentId: string,
  decision: Pick<AmendmentView, "status" | "decidedAt" | "decidedBy" | "version">,
): void {
  const i = a.amendments.findIndex((x) => x.id === amendmentId);
  const m = a.amendments[i];
  if (!m) return;
  a.amendments[i] = {
    ...m,
    status: decision.status,
    decidedAt: decision.decidedAt,
    ...(decision.decidedBy ? { decidedBy: decision.decidedBy } : {}),
    ...(decision.version ? { version: decision.version } : {}),
  };
}

/** Replaces one vote with a changed copy (so replay checkpoints keep the old one). */
function changeVote(a: AgreementView, voteId: string, change: (v: VoteView) => Partial<VoteView>): void {
  const i = a.votes.findIndex((v) => v.id === voteId);
  const v = a.votes[i];
  if (v) a.votes[i] = { ...v, ...change(v) };
}

/** Applies one event to the agreements it is about; events about something else change nothing. */
export function applyAgreementEvent(agreements: Map<string, AgreementView>, event: EventDto): void {
  switch (event.type) {
    case "agreement.created": {
      const a = agreementOf(agreements, event.payload);
      a.channelId = event.payload.channelId;
      a.status = "draft";
      addVersion(a, event, actorCredit(event));
      break;
    }
    case "agreement.tabled": {
      const a = agreementOf(agreements, event.payload);
      a.channelId = event.payload.channelId;
      a.status = "tabled";
      a.tabledBy = event.payload.tabledBy;
      addVersion(a, event, actorCredit(event));
      break;
    }
    case "agreement.version": {
      const a = agreementOf(agreements, event.payload);
      const p = event.payload;
      const m = p.amendmentId ? a.amendments.find((x) => x.id === p.amendmentId) : undefined;
      if (!p.amendmentId) {
        addVersion(a, event, { ...actorCredit(event), reason: p.reason });
        break;
      }
      // An accepted amendment is its proposer's text; the actor accepted it.
      const decidedBy = p.decidedBy ?? event.actor.roleKey;
      const proposer: Credit =
        p.proposedBy ??
        (m ? { ...(m.roleKey ? { roleKey: m.roleKey } : {}), ...(m.userId ? { userId: m.userId } : {}) } : actorCredit(event));
      const reason = p.reason ?? m?.reason ?? undefined;
      addVersion(a, event, { ...proposer, ...(reason ? { reason } : {}), amendmentId: p.amendmentId, ...(decidedBy ? { decidedBy } : {}) });
      decide(a, p.amendmentId, { status: "accepted", decidedAt: event.at, ...(decidedBy ? { decidedBy } : {}), version: p.version });
      break;
    }
    case "agreement.amendment-proposed": {
      const a = agreementOf(agreements, event.payload);
      const p = event.payload;
      a.amendments.push({
        id: p.amendmentId,
        baseVersion: p.baseVersion,
        change: p.change,
        ...(event.actor.roleKey ? { roleKey: event.actor.roleKey } : {}),
        ...(event.actor.userId ? { userId: event.actor.userId } : {}),
        reason: p.reason,
        status: "pending",
        proposedAt: event.at,
      });
      break;
    }
    case "agreement.amendment-decided": {
      const a = agreementOf(agreements, event.payload);
      decide(a, event.payload.amendmentId, {
        status: event.payload.accepted ? "accepted" : "rejected",
        decidedAt: event.at,
        ...(event.actor.roleKey ? { decidedBy: event.actor.roleKey } : {}),
      });
      break;
    }
    case "agreement.signed":
      agreementOf(agreements, event.payload).signatures.push({
        roleKey: event.payload.roleKey,
        version: event.payload.version,
        ...(event.actor.userId ? { userId: event.actor.userId } : {}),
        at: event.at,
      });
      break;
    case "agreement.status":
      agreementOf(agreements, event.payload).status = event.payload.status;
      break;
    case "agreement.vote-opened": {
      const p = event.payload;
      const a = agreementOf(agreements, p);
      if (a.votes.some((v) => v.id === p.voteId)) break;
      a.votes.push({
        id: p.voteId,
        version: p.version,
        clauseKey: p.clauseKey,
        clauseTitle: p.clauseTitle,
        secret: p.secret,
        ...(event.actor.roleKey ? { calledBy: event.actor.roleKey } : {}),
        electorate: p.electorate,
        voted: [],
        ballots: {},
        status: "open",
        openedAt: event.at,
      });
      break;
    }
    case "agreement.vote-cast": {
      const p = event.payload;
      changeVote(agreementOf(agreements, p), p.voteId, (v) => ({
        voted: v.voted.includes(p.roleKey) ? v.voted : [...v.voted, p.roleKey],
        ballots: p.choice ? { ...v.ballots, [p.roleKey]: p.choice } : v.ballots,
      }));
      break;
    }
    case "agreement.vote-closed": {
      const p = event.payload;
      changeVote(agreementOf(agreements, p), p.voteId, (v) => ({
        status: "closed",
        closedAt: event.at,
        tally: p.tally,
        notVoted: p.notVoted,
        ballots: p.ballots ?? v.ballots,
      }));
      break;
    }
  }
}

export function agreementsFrom(events: readonly EventDto[]): Map<string, AgreementView> {
  const map = new Map<string, AgreementView>();
  for (const e of events) applyAgreementEvent(map, e);
  return map;
}

/** The amendments decided so far, latest decision first. */
export function decidedAmendments(a: Pick<AgreementView, "amendments">): AmendmentView[] {
  return a.amendments.filter((m) => m.status !== "pending").sort((x, y) => (y.decidedAt ?? "").localeCompare(x.decidedAt ?? ""));
}
