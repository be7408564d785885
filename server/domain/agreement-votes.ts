// Clause votes (straw polls): who may call one, who may vote, and what a closed vote
// tells whom. A secret vote's choices never leave this module's callers except as counts.
import type { Scenario } from "../../lib/scenario/scenario.schema";
import type { Clause } from "../../lib/agreements/agreement";
import type { VoteChoice, VoteTally } from "../../lib/contract/log-events";
import type { Result } from "../../lib/contract/result";
import { decides, isOpen, type AgreementFacts } from "./agreement-rules";

const no = <T>(code: "forbidden" | "conflict" | "not_found", message: string): Result<T> => ({ ok: false, code, message });

export interface VoteFacts {
  electorate: readonly string[];
  ballots: ReadonlyMap<string, VoteChoice>;
  status: "open" | "closed";
  secret: boolean;
}

/**
 * A role that decides the agreement calls a vote (in a private draft, its author too), on
 * a clause of the current version or on the whole text, while no other vote on it is open.
 */
export function canCallVote(
  scenario: Scenario,
  a: AgreementFacts & { clauses: readonly Clause[] },
  roleKey: string,
  clauseKey: string | undefined,
  openVotes: number,
): Result<{ clauseKey: string | null; clauseTitle: string | null }> {
  if (!isOpen(a)) return no("conflict", `The agreement is ${a.status}`);
  const author = a.status === "draft" && a.createdByRole === roleKey;
  if (!author && !decides(scenario, a, roleKey)) return no("forbidden", "Only a role that decides this agreement may call a vote");
  if (openVotes > 0) return no("conflict", "A vote on this agreement is already open: close it first");
  if (clauseKey === undefined) return { ok: true, data: { clauseKey: null, clauseTitle: null } };
  const clause = a.clauses.find((c) => c.key === clauseKey);
  if (!clause) return no("not_found", "That clause is not in the current version");
  return { ok: true, data: { clauseKey: clause.key, clauseTitle: clause.title } };
}

/** Who may vote: the delegations in the agreement's channel that someone sits in now. */
export function electorateOf(channelMembers: Iterable<string>, seatedRoles: ReadonlySet<string>): string[] {
  return [...channelMembers].filter((r) => seatedRoles.has(r)).sort();
}

export function canCast(vote: VoteFacts, roleKey: string): Result<true> {
  if (vote.status !== "open") return no("conflict", "This vote is closed");
  if (!vote.electorate.includes(roleKey)) return no("forbidden", "Your role is not among those voting");
  if (vote.ballots.has(roleKey)) return no("conflict", "Your role has already voted");
  return { ok: true, data: true };
}

/** Every role that may vote has voted. */
export function isComplete(vote: VoteFacts): boolean {
  return vote.electorate.every((r) => vote.ballots.has(r));
}

/** What a closed vote tells its channel: the count, who did not vote, and each choice only in an open vote. */
export function resultOf(vote: VoteFacts): { tally: VoteTally; notVoted: string[]; ballots?: Record<string, VoteChoice> } {
  const tally: VoteTally = { yes: 0, no: 0, abstain: 0 };
  for (const choice of vote.ballots.values()) tally[choice] += 1;
  const notVoted = vote.electorate.filter((r) => !vote.ballots.has(r));
  return vote.secret ? { tally, notVoted } : { tally, notVoted, ballots: Object.fromEntries(vote.ballots) };
}
