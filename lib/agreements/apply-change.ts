// Applying one change to a version's clauses. The server applies it to make the next version
// (server/domain/agreement-rules.ts words the refusals); the room applies it to show a pending
// amendment against the current text. Types only from agreement.ts: no schemas reach the browser.
import type { Change, Clause } from "./agreement";

/** Why a change does not apply to these clauses. */
export type ChangeMisfit = "missing-clause" | "no-change" | "bad-order";

export type ChangeResult = { ok: true; clauses: Clause[] } | { ok: false; misfit: ChangeMisfit };

/** The clauses after `change`; `newKey` names an added clause. */
export function nextClauses(clauses: readonly Clause[], change: Change, newKey: string): ChangeResult {
  switch (change.kind) {
    case "add": {
      const next = [...clauses];
      next.splice(Math.min(change.position ?? next.length, next.length), 0, { key: newKey, title: change.title, text: change.text });
      return { ok: true, clauses: next };
    }
    case "amend": {
      const i = clauses.findIndex((c) => c.key === change.clauseKey);
      if (i < 0) return { ok: false, misfit: "missing-clause" };
      const current = clauses[i]!;
      if (current.text === change.text && (change.title ?? current.title) === current.title) return { ok: false, misfit: "no-change" };
      const next = [...clauses];
      next[i] = { ...current, text: change.text, title: change.title ?? current.title };
      return { ok: true, clauses: next };
    }
    case "delete":
      if (!clauses.some((c) => c.key === change.clauseKey)) return { ok: false, misfit: "missing-clause" };
      return { ok: true, clauses: clauses.filter((c) => c.key !== change.clauseKey) };
    case "reorder": {
      const keys = clauses.map((c) => c.key);
      if (change.order.length !== keys.length || !keys.every((k) => change.order.includes(k))) return { ok: false, misfit: "bad-order" };
      const byKey = new Map(clauses.map((c) => [c.key, c]));
      return { ok: true, clauses: change.order.map((k) => byKey.get(k)!) };
    }
  }
}
