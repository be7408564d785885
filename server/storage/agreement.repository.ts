// Agreements, their immutable versions, amendments and signatures; written by room
// operations inside the transaction of their log event.
import type { Db } from "../db/client";
import type { Tx } from "../db/types";
import { clauseSchema, changeSchema, type AgreementStatus, type Change, type Clause } from "../../lib/agreements/agreement";
import { z } from "zod";
import { voteChoiceSchema, type VoteChoice } from "../../lib/contract/log-events";

export interface AgreementState {
  id: string;
  title: string;
  status: AgreementStatus;
  channelId: string;
  createdByRole?: string;
  tabledByRole?: string;
  version: number;
  clauses: Clause[];
  signatures: { roleKey: string; version: number }[];
  amendments: Map<string, AmendmentState>;
  votes: Map<string, VoteState>;
}

/** A clause vote as the room holds it; ballots of a secret vote stay here and in storage only. */
export interface VoteState {
  version: number;
  clauseKey: string | null;
  secret: boolean;
  calledByRole: string;
  electorate: string[];
  ballots: Map<string, VoteChoice>;
  status: "open" | "closed";
}

/** An amendment as the room holds it: its proposer is credited with the version it becomes. */
export interface AmendmentState {
  baseVersion: number;
  change: Change;
  roleKey: string;
  userId: string;
  reason?: string;
  status: string;
}

const clausesSchema = z.array(clauseSchema);

export interface AgreementRepository {
  loadAll(exerciseId: string): Promise<AgreementState[]>;
  create(
    tx: Tx,
    input: {
      id: string;
      exerciseId: string;
      channelId: string;
      title: string;
      roleKey: string;
      userId: string;
      clauses: Clause[];
      seq: number;
    },
  ): Promise<void>;
  addVersion(
    tx: Tx,
    input: { agreementId: string; number: number; clauses: Clause[]; roleKey?: string; userId?: string; reason?: string; seq: number },
  ): Promise<void>;
  update(tx: Tx, agreementId: string, data: { status?: AgreementStatus; channelId?: string; tabledByRole?: string }): Promise<void>;
  addAmendment(
    tx: Tx,
    input: {
      id: string;
      agreementId: string;
      baseVersion: number;
      change: Change;
      roleKey: string;
      userId: string;
      reason?: string;
      seq: number;
    },
  ): Promise<void>;
  decideAmendment(tx: Tx, amendmentId: string, accepted: boolean, seq: number): Promise<void>;
  sign(tx: Tx, input: { agreementId: string; version: number; roleKey: string; userId: string; seq: number }): Promise<void>;
  openVote(
    tx: Tx,
    input: {
      id: string;
      agreementId: string;
      version: number;
      clauseKey: string | null;
      secret: boolean;
      calledByRole: string;
      electorate: string[];
      seq: number;
    },
  ): Promise<void>;
  castBallot(tx: Tx, input: { voteId: string; roleKey: string; choice: VoteChoice; userId: string; seq: number }): Promise<void>;
  closeVote(tx: Tx, voteId: string, seq: number): Promise<void>;
}

const electorateSchema = z.array(z.string());

export function createAgreementRepository(db: Db): AgreementRepository {
  return {
    async loadAll(exerciseId) {
      const rows = await db.agreement.findMany({
        where: { exerciseId },
        include: {
          versions: { include: { signatures: true }, orderBy: { number: "asc" } },
          amendments: true,
          votes: { include: { ballots: true } },
        },
      });
      return rows.map((a) => {
        const latest = a.versions.at(-1);
        return {
          id: a.id,
          title: a.title,
          status: a.status as AgreementStatus,
          channelId: a.channelId,
          ...(a.createdByRole ? { createdByRole: a.createdByRole } : {}),
          ...(a.tabledByRole ? { tabledByRole: a.tabledByRole } : {}),
          version: a.currentVersion,
          clauses: latest ? clausesSchema.parse(JSON.parse(latest.clauses)) : [],
          signatures: a.versions.flatMap((v) => v.signatures.map((s) => ({ roleKey: s.roleKey, version: v.number }))),
          amendments: new Map(
            a.amendments.map((m): [string, AmendmentState] => [
              m.id,
              {
                baseVersion: m.baseVersion,
                change: changeSchema.parse(JSON.parse(m.change)),
                roleKey: m.roleKey,
                userId: m.userId,
                ...(m.reason ? { reason: m.reason } : {}),
                status: m.status,
              },
            ]),
          ),
          votes: new Map(
            a.votes.map((v): [string, VoteState] => [
              v.id,
              {
                version: v.version,
                clauseKey: v.clauseKey,
                secret: v.secret,
                calledByRole: v.calledByRole,
                electorate: electorateSchema.parse(JSON.parse(v.electorate)),
                ballots: new Map(v.ballots.map((b) => [b.roleKey, voteChoiceSchema.parse(b.choice)])),
                status: v.status === "closed" ? "closed" : "open",
              },
            ]),
          ),
        };
      });
    },
    async create(tx, input) {
      await tx.agreement.create({
        data: {
          id: input.id,
          exerciseId: input.exerciseId,
          channelId: input.channelId,
          title: input.title,
          status: "draft",
          currentVersion: 1,
          createdByRole: input.roleKey,
        },
      });
      await tx.agreementVersion.create({
        data: {
          agreementId: input.id,
          number: 1,
          clauses: JSON.stringify(input.clauses),
          authorUserId: input.userId,
          roleKey: input.roleKey,
          seq: input.seq,
        },
      });
    },
    async addVersion(tx, input) {
      await tx.agreementVersion.create({
        data: {
          agreementId: input.agreementId,
          number: input.number,
          clauses: JSON.stringify(input.clauses),
          authorUserId: input.userId ?? null,
          roleKey: input.roleKey ?? null,
          reason: input.reason ?? null,
          seq: input.seq,
        },
      });
      await tx.agreement.update({ where: { id: input.agreementId }, data: { currentVersion: input.number } });
    },
    async update(tx, agreementId, data) {
      await tx.agreement.update({ where: { id: agreementId }, data });
    },
    async addAmendment(tx, input) {
      await tx.amendment.create({
        data: {
          id: input.id,
          agreementId: input.agreementId,
          baseVersion: input.baseVersion,
          change: JSON.stringify(input.change),
          roleKey: input.roleKey,
          userId: input.userId,
          reason: input.reason ?? null,
          proposedSeq: input.seq,
        },
      });
    },
    async decideAmendment(tx, amendmentId, accepted, seq) {
      await tx.amendment.update({ where: { id: amendmentId }, data: { status: accepted ? "accepted" : "rejected", decidedSeq: seq } });
    },
    async sign(tx, input) {
      const version = await tx.agreementVersion.findUniqueOrThrow({
        where: { agreementId_number: { agreementId: input.agreementId, number: input.version } },
      });
      await tx.signature.create({ data: { versionId: version.id, roleKey: input.roleKey, userId: input.userId, seq: input.seq } });
    },
    async openVote(tx, input) {
      const { electorate, seq, ...rest } = input;
      await tx.agreementVote.create({ data: { ...rest, electorate: JSON.stringify(electorate), openedSeq: seq } });
    },
    async castBallot(tx, input) {
      await tx.agreementBallot.create({ data: input });
    },
    async closeVote(tx, voteId, seq) {
      await tx.agreementVote.update({ where: { id: voteId }, data: { status: "closed", closedSeq: seq } });
    },
  };
}
