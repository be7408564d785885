// Agreement rules: applying a change to a version's clauses, who may change, decide,
// table and sign, and when an agreement counts as signed.
import type { ErrorCode, Result } from "../../lib/contract/result";
import type { Change, Clause, AgreementStatus } from "../../lib/agreements/agreement";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import { nextClauses } from "../../lib/agreements/apply-change";
import { hasPermission } from "./channel-rules";

const no = <T>(code: ErrorCode, message: string): Result<T> => ({ ok: false, code, message });

/** Applies one change, producing the next version's clauses; `newKey` names an added clause. */
export function applyChange(clauses: readonly Clause[], change: Change, newKey: string): Result<Clause[]> {
  const result = nextClauses(clauses, change, newKey);
  if (result.ok) return { ok: true, data: result.clauses };
  switch (result.misfit) {
    case "missing-clause":
      return no("conflict", "That clause is no longer in the draft");
    case "no-change":
      return no("invalid_payload", "The amendment changes nothing");
    case "bad-order":
      return no("conflict", "The new order must list every clause of the current version once");
  }
}

export interface AgreementFacts {
  status: AgreementStatus;
  createdByRole?: string;
  tabledByRole?: string;
}

export function isOpen(a: AgreementFacts): boolean {
  return a.status === "draft" || a.status === "tabled";
}

/**
 * Who decides amendments to a tabled draft: roles with decide-amendment (the mediator by
 * default) and the role that tabled it.
 */
export function decides(scenario: Scenario, a: AgreementFacts, roleKey: string): boolean {
  return a.tabledByRole === roleKey || hasPermission(scenario, roleKey, "decide-amendment");
}

/** A change applies at once in a private draft, or when made by a role that decides. */
export function appliesDirectly(scenario: Scenario, a: AgreementFacts, roleKey: string): boolean {
  return a.status === "draft" || decides(scenario, a, roleKey);
}

export function canPropose(scenario: Scenario, a: AgreementFacts, roleKey: string, drafting: boolean): Result<true> {
  if (!isOpen(a)) return no("conflict", `The agreement is ${a.status}`);
  if (!drafting) return no("channel_closed", "Agreements can be changed only in a drafting phase");
  if (!hasPermission(scenario, roleKey, "propose-amendment") && !decides(scenario, a, roleKey))
    return no("forbidden", "Your role may not propose changes");
  return { ok: true, data: true };
}

export function canSign(scenario: Scenario, a: AgreementFacts, roleKey: string, version: number, currentVersion: number): Result<true> {
  if (a.status !== "tabled")
    return no("conflict", a.status === "draft" ? "A draft must be tabled in plenary before it is signed" : `The agreement is ${a.status}`);
  if (!scenario.agreement.signatories.includes(roleKey)) return no("forbidden", "Your role is not among the parties that sign");
  if (!hasPermission(scenario, roleKey, "sign")) return no("forbidden", "Your role may not sign");
  if (version !== currentVersion)
    return no("conflict", `Version ${version} is no longer current; read version ${currentVersion} before signing`);
  return { ok: true, data: true };
}

/** Signatures count only on the current version. */
export function signedBy(signatures: readonly { roleKey: string; version: number }[], currentVersion: number): string[] {
  return [...new Set(signatures.filter((s) => s.version === currentVersion).map((s) => s.roleKey))];
}

export function allSigned(
  scenario: Scenario,
  signatures: readonly { roleKey: string; version: number }[],
  currentVersion: number,
): boolean {
  const have = new Set(signedBy(signatures, currentVersion));
  return scenario.agreement.signatories.every((r) => have.has(r));
}

/**
 * Why a message cannot go to a clause's thread, or null: a thread lives in its
 * agreement's channel (so it has the channel's privacy) and on a clause of the current text.
 */
export function clauseThreadProblem(
  a: { channelId: string; clauses: readonly Clause[] } | undefined,
  channelId: string,
  clauseKey: string,
): string | null {
  if (!a || a.channelId !== channelId) return "No such agreement in this channel";
  if (!a.clauses.some((c) => c.key === clauseKey)) return "That clause is not in the current version";
  return null;
}
