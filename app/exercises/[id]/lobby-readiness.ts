// When a lobby is ready to start. An agreement needs every signatory role to sign it, so
// a run with a signatory seat empty cannot end in a signed text: Start waits for those.
// The other roles enrich the run but are optional, and people still without a role are
// seated later by the facilitator; both only ask for a confirmation. The server does not
// enforce any of this (the facilitator may start anyway, to rehearse alone, say).

export interface SeatedPerson {
  roleKey: string | null;
}

export interface LobbyReadiness {
  /** Roles that must sign the agreement and have nobody yet, in scenario order. */
  missingSignatories: string[];
  /** Roles that need not sign and have nobody yet. */
  emptyOthers: string[];
  /** People who joined and have no role yet. */
  unseated: number;
  /** Every signatory role has someone: Start is offered. */
  ready: boolean;
  /** Nothing is missing at all: Start needs no confirmation. */
  complete: boolean;
}

export function lobbyReadiness(
  roles: readonly { key: string }[],
  signatories: readonly string[],
  people: readonly SeatedPerson[],
): LobbyReadiness {
  const seated = new Set(people.map((p) => p.roleKey).filter((k): k is string => k !== null));
  const signing = new Set(signatories);
  const empty = roles.map((r) => r.key).filter((key) => !seated.has(key));
  const missingSignatories = empty.filter((key) => signing.has(key));
  const emptyOthers = empty.filter((key) => !signing.has(key));
  const unseated = people.filter((p) => p.roleKey === null).length;
  const ready = missingSignatories.length === 0;
  return { missingSignatories, emptyOthers, unseated, ready, complete: ready && emptyOthers.length === 0 && unseated === 0 };
}
