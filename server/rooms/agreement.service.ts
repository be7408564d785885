// Drafting agreements live: a draft belongs to a channel, so its events reach exactly
// that channel's audience (a backchannel's members until it is tabled in plenary).
// Every change is checked against the version it was based on, under the room lock.
import { randomUUID } from "node:crypto";
import { fail, ok, type Result } from "../../lib/contract/result";
import type { Change, Clause } from "../../lib/agreements/agreement";
import { allSigned, appliesDirectly, applyChange, canPropose, canSign, decides, isOpen } from "../domain/agreement-rules";
import { currentPhase, hasPermission } from "../domain/channel-rules";
import { roleOf, type Actor } from "../domain/authorization";
import type { AgreementState } from "../storage/agreement.repository";
import type { LoggedEvent } from "../domain/exercise-log";
import type { ExerciseRoom } from "./exercise-room";
import type { RoomCore } from "./room-core";
import type { RoomDeps } from "./room-core";
import { createVoteCommands } from "./agreement-votes.service";
import { agreementOps } from "./agreement-ops";

type Done<T> = Promise<Result<T>>;

/** What a version records beside its text: the change, and for an accepted amendment who proposed and who accepted it. */
interface VersionExtra {
  change?: Change;
  reason?: string;
  amendmentId?: string;
  proposedBy?: { roleKey: string; userId: string };
  decidedBy?: string;
}

/** What every agreement event names: the agreement and its title as it is then. */
const about = (a: AgreementState) => ({ agreementId: a.id, title: a.title });

/** A retried request answers from the event its first attempt recorded; its key reused for another action is refused. */
const keyReused = <T>() => fail<T>("conflict", "The request was recorded as another event");

export function createAgreementService(deps: RoomDeps, core: RoomCore) {
  const repo = deps.agreements;
  const ops = agreementOps(deps, core);
  const { withAgreement, event } = ops;

  /**
   * The next version, by the actor's own change or by their accepting an amendment; the
   * version (payload and stored row) is credited to whoever proposed its text, with their reason.
   */
  async function newVersion(
    r: ExerciseRoom,
    a: AgreementState,
    actor: Actor,
    roleKey: string,
    clauses: Clause[],
    extra: VersionExtra,
    idempotencyKey?: string,
  ) {
    const number = a.version + 1;
    const author = extra.proposedBy ?? { roleKey, userId: actor.userId };
    const result = await core.commit(
      r,
      event(
        r,
        a,
        actor,
        roleKey,
        { type: "agreement.version", payload: { ...about(a), version: number, clauses, ...extra } },
        idempotencyKey,
      ),
      async (tx, seq) => {
        await repo.addVersion(tx, {
          agreementId: a.id,
          number,
          clauses,
          roleKey: author.roleKey,
          userId: author.userId,
          ...(extra.reason ? { reason: extra.reason } : {}),
          seq,
        });
        if (extra.amendmentId) await repo.decideAmendment(tx, extra.amendmentId, true, seq);
      },
      () => {
        a.version = number;
        a.clauses = clauses;
        if (extra.amendmentId) {
          const m = a.amendments.get(extra.amendmentId);
          if (m) m.status = "accepted";
        }
      },
    );
    return result;
  }

  return {
    ...createVoteCommands(deps, core, ops),

    async create(
      actor: Actor,
      input: { exerciseId: string; channelId: string; title?: string; fromTemplate: boolean; clientKey: string },
    ): Done<{ agreementId: string }> {
      const roleKey = roleOf(actor);
      if (!roleKey) return fail("forbidden", "Only delegations draft agreements");
      const key = `agr:${actor.userId}:${input.clientKey}`;
      // A resend of a create that was recorded gets the first answer.
      const replay = (_r: unknown, before: LoggedEvent): Result<{ agreementId: string }> =>
        before.type === "agreement.created" ? ok({ agreementId: before.payload.agreementId }) : keyReused<{ agreementId: string }>();
      return core.command({
        actor,
        exerciseId: input.exerciseId,
        key,
        replay,
        run: async (r) => {
          const channel = r.channels.get(input.channelId);
          if (!channel || !channel.members.has(roleKey)) return fail("not_member", "You are not in that channel");
          if (channel.kind === "announcements") return fail("forbidden", "Drafts live in plenary, team channels or backchannels");
          if (channel.closed) return fail("channel_closed", "This channel has been closed");
          if (r.status !== "running") return fail("exercise_not_running", "The exercise is not running");
          if (!currentPhase(r.scenario, r.phaseIndex)?.drafting) return fail("channel_closed", "Drafting is closed in this phase");
          if (!hasPermission(r.scenario, roleKey, "propose-amendment") && !hasPermission(r.scenario, roleKey, "table-draft")) {
            return fail("forbidden", "Your role may not start drafts");
          }
          const template = r.scenario.agreement;
          const clauses: Clause[] = input.fromTemplate ? template.clauses.map((c) => ({ key: c.key, title: c.title, text: c.text })) : [];
          const id = randomUUID();
          const title = input.title?.trim() || template.title;
          const draft: AgreementState = {
            id,
            title,
            status: "draft",
            channelId: channel.id,
            createdByRole: roleKey,
            version: 1,
            clauses,
            signatures: [],
            amendments: new Map(),
            votes: new Map(),
          };
          const result = await core.commit(
            r,
            event(
              r,
              draft,
              actor,
              roleKey,
              { type: "agreement.created", payload: { ...about(draft), version: 1, clauses, status: "draft", channelId: channel.id } },
              key,
            ),
            (tx, seq) =>
              repo.create(tx, { id, exerciseId: r.exerciseId, channelId: channel.id, title, roleKey, userId: actor.userId, clauses, seq }),
            () => r.agreements.set(id, draft),
          );
          // A retry gets the agreement its first attempt created, not the id chosen this time.
          return replay(r, result.event);
        },
      });
    },

    /** A change based on `baseVersion`: applied at once, or proposed as an amendment. */
    async propose(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; baseVersion: number; change: Change; reason?: string; clientKey: string },
    ): Done<{ version?: number; amendmentId?: string }> {
      // Drafts keep their own key prefix (logs written before every command had a key).
      const key = `agr:${actor.userId}:${input.clientKey}`;
      const replay = (before: LoggedEvent): Result<{ version?: number; amendmentId?: string }> =>
        before.type === "agreement.version"
          ? ok({ version: before.payload.version })
          : before.type === "agreement.amendment-proposed"
            ? ok({ amendmentId: before.payload.amendmentId })
            : keyReused();
      // A resend of a change that was recorded gets the first answer, even if the draft moved on.
      return withAgreement(
        actor,
        { exerciseId: input.exerciseId, agreementId: input.agreementId, key },
        (before) => replay(before),
        async (r, roleKey, a) => {
          const drafting = currentPhase(r.scenario, r.phaseIndex)?.drafting ?? false;
          const facts = { status: a.status, ...(a.tabledByRole ? { tabledByRole: a.tabledByRole } : {}) };
          const allowed = canPropose(r.scenario, facts, roleKey, drafting);
          if (!allowed.ok) return fail(allowed.code, allowed.message);
          if (input.baseVersion !== a.version) {
            return fail(
              "conflict",
              `The draft moved on to version ${a.version} while you edited version ${input.baseVersion}. Your text is kept: re-apply it to the current version.`,
            );
          }
          const applied = applyChange(a.clauses, input.change, `c-${randomUUID().slice(0, 8)}`);
          if (!applied.ok) return fail(applied.code, applied.message);
          if (appliesDirectly(r.scenario, facts, roleKey)) {
            const result = await newVersion(
              r,
              a,
              actor,
              roleKey,
              applied.data,
              { change: input.change, ...(input.reason ? { reason: input.reason } : {}) },
              key,
            );
            return result.event.type === "agreement.version" ? ok({ version: result.event.payload.version }) : keyReused();
          }
          const amendmentId = randomUUID();
          const result = await core.commit(
            r,
            event(
              r,
              a,
              actor,
              roleKey,
              {
                type: "agreement.amendment-proposed",
                payload: { ...about(a), amendmentId, baseVersion: a.version, change: input.change, reason: input.reason ?? null },
              },
              key,
            ),
            (tx, seq) =>
              repo.addAmendment(tx, {
                id: amendmentId,
                agreementId: a.id,
                baseVersion: a.version,
                change: input.change,
                roleKey,
                userId: actor.userId,
                ...(input.reason ? { reason: input.reason } : {}),
                seq,
              }),
            () =>
              a.amendments.set(amendmentId, {
                baseVersion: a.version,
                change: input.change,
                roleKey,
                userId: actor.userId,
                ...(input.reason ? { reason: input.reason } : {}),
                status: "pending",
              }),
          );
          return result.event.type === "agreement.amendment-proposed" ? ok({ amendmentId: result.event.payload.amendmentId }) : keyReused();
        },
      );
    },

    async decide(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; amendmentId: string; accept: boolean; clientKey?: string | undefined },
    ): Done<{ version?: number }> {
      const replay = (before: LoggedEvent): Result<{ version?: number }> =>
        before.type === "agreement.version"
          ? ok({ version: before.payload.version })
          : before.type === "agreement.amendment-decided"
            ? ok({})
            : keyReused();
      return withAgreement(actor, input, replay, async (r, roleKey, a, key) => {
        const facts = { status: a.status, ...(a.tabledByRole ? { tabledByRole: a.tabledByRole } : {}) };
        if (!decides(r.scenario, facts, roleKey)) return fail("forbidden", "Your role does not decide amendments to this draft");
        if (!isOpen(a)) return fail("conflict", `The agreement is ${a.status}`);
        const m = a.amendments.get(input.amendmentId);
        if (!m || m.status !== "pending") return fail("conflict", "That amendment is not pending");
        const proposedBy = { roleKey: m.roleKey, userId: m.userId };
        const reason = m.reason ? { reason: m.reason } : {};
        if (!input.accept) {
          await core.commit(
            r,
            event(
              r,
              a,
              actor,
              roleKey,
              {
                type: "agreement.amendment-decided",
                payload: { ...about(a), amendmentId: input.amendmentId, accepted: false, proposedBy, ...reason },
              },
              key,
            ),
            (tx, seq) => repo.decideAmendment(tx, input.amendmentId, false, seq),
            () => (m.status = "rejected"),
          );
          return ok({});
        }
        const applied = applyChange(a.clauses, m.change, `c-${randomUUID().slice(0, 8)}`);
        if (!applied.ok) return fail(applied.code, `${applied.message}; reject it or ask for a new amendment`);
        const result = await newVersion(
          r,
          a,
          actor,
          roleKey,
          applied.data,
          { change: m.change, amendmentId: input.amendmentId, proposedBy, decidedBy: roleKey, ...reason },
          key,
        );
        return ok({ version: result.event.type === "agreement.version" ? result.event.payload.version : a.version });
      });
    },

    /** Moves a private draft into plenary, where everyone can read, amend and sign it. */
    async table(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; clientKey?: string | undefined },
    ): Done<{ version: number }> {
      const replay = (before: LoggedEvent): Result<{ version: number }> =>
        before.type === "agreement.tabled" ? ok({ version: before.payload.version }) : keyReused();
      return withAgreement(actor, input, replay, async (r, roleKey, a, key) => {
        if (a.status !== "draft") return fail("conflict", `The agreement is already ${a.status}`);
        if (!hasPermission(r.scenario, roleKey, "table-draft")) return fail("forbidden", "Your role may not table drafts");
        // A vote belongs to the channel it was called in: it ends there before the draft moves.
        if ([...a.votes.values()].some((v) => v.status === "open")) return fail("conflict", "Close the open vote before tabling the draft");
        const plenary = [...r.channels.values()].find((c) => c.kind === "plenary");
        if (!plenary) return fail("not_found", "This exercise has no plenary");
        // The tabling event is addressed to plenary: the draft's earlier versions stay private.
        const moved: AgreementState = { ...a, channelId: plenary.id };
        await core.commit(
          r,
          event(
            r,
            moved,
            actor,
            roleKey,
            {
              type: "agreement.tabled",
              payload: { ...about(a), version: a.version, clauses: a.clauses, status: "tabled", channelId: plenary.id, tabledBy: roleKey },
            },
            key,
          ),
          (tx) => repo.update(tx, a.id, { status: "tabled", channelId: plenary.id, tabledByRole: roleKey }),
          () => {
            a.status = "tabled";
            a.channelId = plenary.id;
            a.tabledByRole = roleKey;
          },
        );
        return ok({ version: a.version });
      });
    },

    async sign(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; version: number; clientKey?: string | undefined },
    ): Done<{ signed: boolean }> {
      const replay = (before: LoggedEvent, a: AgreementState | undefined): Result<{ signed: boolean }> =>
        before.type === "agreement.signed" ? ok({ signed: a?.status === "signed" }) : keyReused();
      return withAgreement(actor, input, replay, async (r, roleKey, a, key) => {
        const allowed = canSign(r.scenario, { status: a.status }, roleKey, input.version, a.version);
        if (!allowed.ok) return fail(allowed.code, allowed.message);
        if (a.signatures.some((s) => s.roleKey === roleKey && s.version === a.version))
          return fail("conflict", "Your role has already signed this version");
        await core.commit(
          r,
          event(r, a, actor, roleKey, { type: "agreement.signed", payload: { ...about(a), version: a.version, roleKey } }, key),
          (tx, seq) => repo.sign(tx, { agreementId: a.id, version: a.version, roleKey, userId: actor.userId, seq }),
          () => a.signatures.push({ roleKey, version: a.version }),
        );
        const complete = allSigned(r.scenario, a.signatures, a.version);
        if (complete) {
          await core.commit(
            r,
            event(r, a, actor, roleKey, { type: "agreement.status", payload: { ...about(a), status: "signed", version: a.version } }),
            (tx) => repo.update(tx, a.id, { status: "signed" }),
            () => (a.status = "signed"),
          );
        }
        return ok({ signed: complete });
      });
    },

    /** The role that started or tabled a draft withdraws it; the mediator may declare it collapsed. */
    async close(
      actor: Actor,
      input: { exerciseId: string; agreementId: string; status: "withdrawn" | "collapsed"; clientKey?: string | undefined },
    ): Done<{ status: string }> {
      const replay = (before: LoggedEvent): Result<{ status: string }> =>
        before.type === "agreement.status" ? ok({ status: before.payload.status }) : keyReused();
      return withAgreement(actor, input, replay, async (r, roleKey, a, key) => {
        if (!isOpen(a)) return fail("conflict", `The agreement is already ${a.status}`);
        const owner = a.createdByRole === roleKey || a.tabledByRole === roleKey;
        const allowed = input.status === "withdrawn" ? owner : hasPermission(r.scenario, roleKey, "decide-amendment");
        if (!allowed)
          return fail(
            "forbidden",
            input.status === "withdrawn" ? "Only its authors may withdraw a draft" : "Only the mediator may declare an agreement collapsed",
          );
        await core.commit(
          r,
          event(
            r,
            a,
            actor,
            roleKey,
            { type: "agreement.status", payload: { ...about(a), status: input.status, version: a.version } },
            key,
          ),
          (tx) => repo.update(tx, a.id, { status: input.status }),
          () => (a.status = input.status),
        );
        return ok({ status: input.status });
      });
    },
  };
}
export type AgreementService = ReturnType<typeof createAgreementService>;
