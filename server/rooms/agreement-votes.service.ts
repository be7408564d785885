// Clause votes live: called, cast and closed under the room lock, each an event addressed
// to the agreement's channel. A secret vote's ballots go to storage only; its events say
// who has voted and, at the end, the count (server/domain/agreement-votes.ts decides).
import { randomUUID } from "node:crypto";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { VoteChoice, VoteTally } from "../../lib/contract/log-events";
import type { Actor } from "../domain/authorization";
import { canCallVote, canCast, electorateOf, isComplete, resultOf } from "../domain/agreement-votes";
import { decides } from "../domain/agreement-rules";
import type { LoggedEvent } from "../domain/exercise-log";
import type { AgreementState, VoteState } from "../storage/agreement.repository";
import type { ExerciseRoom } from "./exercise-room";
import type { AgreementOps } from "./agreement-ops";
import type { RoomCore, RoomDeps } from "./room-core";

type Done<T> = Promise<Result<T>>;
const keyReused = <T>() => fail<T>("conflict", "The request was recorded as another event");

/** The roles someone sits in now. */
function seatedRoles(r: ExerciseRoom): Set<string> {
  const roles = new Set<string>();
  for (const seat of r.roster.values()) if (seat.roleKey && !seat.staff) roles.add(seat.roleKey);
  return roles;
}

export function createVoteCommands(deps: RoomDeps, core: RoomCore, { withAgreement, event }: AgreementOps) {
  const repo = deps.agreements;

  /** Closes a vote with its result, by its caller or because the last ballot came in. */
  async function closeVote(
    r: ExerciseRoom,
    a: AgreementState,
    actor: Actor,
    roleKey: string,
    voteId: string,
    vote: VoteState,
    closedBy: "caller" | "complete",
    key?: string,
  ) {
    const result = resultOf(vote);
    await core.commit(
      r,
      event(
        r,
        a,
        actor,
        roleKey,
        { type: "agreement.vote-closed", payload: { agreementId: a.id, title: a.title, voteId, ...result, closedBy } },
        key,
      ),
      (tx, seq) => repo.closeVote(tx, voteId, seq),
      () => (vote.status = "closed"),
    );
    return result.tally;
  }

  return {
    async callVote(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; clauseKey?: string | undefined; clientKey?: string | undefined },
    ): Done<{ voteId: string }> {
      const replay = (before: LoggedEvent): Result<{ voteId: string }> =>
        before.type === "agreement.vote-opened" ? ok({ voteId: before.payload.voteId }) : keyReused();
      return withAgreement(actor, input, replay, async (r, roleKey, a, key) => {
        const open = [...a.votes.values()].filter((v) => v.status === "open").length;
        const facts = {
          status: a.status,
          clauses: a.clauses,
          ...(a.createdByRole ? { createdByRole: a.createdByRole } : {}),
          ...(a.tabledByRole ? { tabledByRole: a.tabledByRole } : {}),
        };
        const allowed = canCallVote(r.scenario, facts, roleKey, input.clauseKey, open);
        if (!allowed.ok) return fail(allowed.code, allowed.message);
        const channel = r.channels.get(a.channelId);
        const electorate = electorateOf(channel?.members ?? [], seatedRoles(r));
        const voteId = randomUUID();
        const secret = r.scenario.agreement.votes === "secret";
        const vote: VoteState = {
          version: a.version,
          clauseKey: allowed.data.clauseKey,
          secret,
          calledByRole: roleKey,
          electorate,
          ballots: new Map(),
          status: "open",
        };
        await core.commit(
          r,
          event(
            r,
            a,
            actor,
            roleKey,
            {
              type: "agreement.vote-opened",
              payload: { agreementId: a.id, title: a.title, voteId, version: a.version, ...allowed.data, secret, electorate },
            },
            key,
          ),
          (tx, seq) =>
            repo.openVote(tx, {
              id: voteId,
              agreementId: a.id,
              version: a.version,
              clauseKey: vote.clauseKey,
              secret,
              calledByRole: roleKey,
              electorate,
              seq,
            }),
          () => a.votes.set(voteId, vote),
        );
        return ok({ voteId });
      });
    },

    /** One ballot per role, final; the last one closes the vote. */
    async vote(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; voteId: string; choice: VoteChoice; clientKey?: string | undefined },
    ): Done<{ choice: VoteChoice; closed: boolean }> {
      const replay = (before: LoggedEvent, a: AgreementState | undefined): Result<{ choice: VoteChoice; closed: boolean }> => {
        if (before.type !== "agreement.vote-cast") return keyReused();
        const vote = a?.votes.get(before.payload.voteId);
        const choice = vote?.ballots.get(before.payload.roleKey);
        return choice ? ok({ choice, closed: vote?.status === "closed" }) : keyReused();
      };
      return withAgreement(actor, input, replay, async (r, roleKey, a, key) => {
        const vote = a.votes.get(input.voteId);
        if (!vote) return fail("not_found", "No such vote");
        const allowed = canCast(vote, roleKey);
        if (!allowed.ok) return fail(allowed.code, allowed.message);
        await core.commit(
          r,
          event(
            r,
            a,
            actor,
            roleKey,
            {
              type: "agreement.vote-cast",
              payload: {
                agreementId: a.id,
                title: a.title,
                voteId: input.voteId,
                roleKey,
                ...(vote.secret ? {} : { choice: input.choice }),
              },
            },
            key,
          ),
          (tx, seq) => repo.castBallot(tx, { voteId: input.voteId, roleKey, choice: input.choice, userId: actor.userId, seq }),
          () => vote.ballots.set(roleKey, input.choice),
        );
        const closed = isComplete(vote);
        if (closed) await closeVote(r, a, actor, roleKey, input.voteId, vote, "complete");
        return ok({ choice: input.choice, closed });
      });
    },

    /** Its caller, or any role deciding the agreement, closes a vote before everyone has voted. */
    async closeVote(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; voteId: string; clientKey?: string | undefined },
    ): Done<{ tally: VoteTally }> {
      const replay = (before: LoggedEvent): Result<{ tally: VoteTally }> =>
        before.type === "agreement.vote-closed" ? ok({ tally: before.payload.tally }) : keyReused();
      return withAgreement(actor, input, replay, async (r, roleKey, a, key) => {
        const vote = a.votes.get(input.voteId);
        if (!vote) return fail("not_found", "No such vote");
        if (vote.status !== "open") return fail("conflict", "This vote is already closed");
        const facts = { status: a.status, ...(a.tabledByRole ? { tabledByRole: a.tabledByRole } : {}) };
        if (vote.calledByRole !== roleKey && !decides(r.scenario, facts, roleKey))
          return fail("forbidden", "Only the role that called the vote, or one deciding the agreement, may close it");
        return ok({ tally: await closeVote(r, a, actor, roleKey, input.voteId, vote, "caller", key) });
      });
    },
  };
}
