"use client";

// Clause votes (straw polls) on one agreement: calling one, casting the delegation's
// ballot, closing it, and every result so far. A secret vote shows who has voted and,
// at the end, the count; the delegation's own choice is shown from its answer only.
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import dynamic from "next/dynamic";
import type { AgreementView, VoteView } from "@/lib/agreements/agreement-state";
import type { VoteChoice } from "@/lib/contract/log-events";
import type { CommandData, CommandInput } from "@/lib/client/commands";
import { useServerText } from "@/app/components/use-server-text";
import "./agreement-votes.css";

const ConfirmDialog = dynamic(() => import("@/app/components/confirm-dialog").then((m) => m.ConfirmDialog));

const CHOICES: VoteChoice[] = ["yes", "no", "abstain"];

type Command = <E extends "agreement:call-vote" | "agreement:vote" | "agreement:close-vote">(
  name: E,
  input: CommandInput<E>,
) => Promise<{ ok: true; data: CommandData<E> } | { ok: false; message: string }>;

interface Props {
  agreement: AgreementView;
  myRole?: string;
  /** This role decides the agreement (may call and close votes). */
  decides: boolean;
  roleName: (key?: string) => string;
  command: Command;
  onMessage: (m: string) => void;
}

export function useVoteSubject() {
  const t = useTranslations("agreement");
  return (v: Pick<VoteView, "clauseTitle">) => (v.clauseTitle ? t("votes.onClause", { title: v.clauseTitle }) : t("votes.onText"));
}

export function AgreementVotes({ agreement: a, myRole, decides, roleName, command, onMessage }: Props) {
  const t = useTranslations("agreement");
  const serverText = useServerText();
  const subject = useVoteSubject();
  const [target, setTarget] = useState("");
  // The delegation's own choices in secret votes: only its answers carry them.
  const [mine, setMine] = useState<Record<string, VoteChoice>>({});
  const selectId = useId();
  const open = a.votes.find((v) => v.status === "open");
  const closed = a.votes.filter((v) => v.status === "closed").reverse();
  const agreementOpen = a.status === "draft" || a.status === "tabled";
  const mayCall = Boolean(myRole && agreementOpen && !open && (decides || a.status === "draft"));
  if (!open && closed.length === 0 && !mayCall) return null;

  async function callVote() {
    const result = await command("agreement:call-vote", { agreementId: a.id, ...(target ? { clauseKey: target } : {}) });
    onMessage(result.ok ? "" : serverText(result.message));
  }
  async function cast(vote: VoteView, choice: VoteChoice) {
    const result = await command("agreement:vote", { agreementId: a.id, voteId: vote.id, choice });
    if (result.ok) setMine((prev) => ({ ...prev, [vote.id]: result.data.choice }));
    onMessage(result.ok ? "" : serverText(result.message));
  }

  return (
    <section className="votes" aria-labelledby={`${selectId}-heading`}>
      <h4 id={`${selectId}-heading`}>{t("votes.heading")}</h4>
      {open && (
        <OpenVote
          vote={open}
          subject={subject(open)}
          {...(myRole ? { myRole } : {})}
          myChoice={open.ballots[myRole ?? ""] ?? mine[open.id]}
          mayClose={Boolean(myRole && (open.calledBy === myRole || decides))}
          roleName={roleName}
          onCast={(choice) => void cast(open, choice)}
          onClose={async () => {
            const result = await command("agreement:close-vote", { agreementId: a.id, voteId: open.id });
            return result.ok ? null : serverText(result.message);
          }}
        />
      )}
      {mayCall && (
        <div className="vote-call">
          <label htmlFor={selectId}>{t("votes.on")}</label>
          <select id={selectId} value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t("votes.wholeText")}</option>
            {a.clauses.map((c, i) => (
              <option key={c.key} value={c.key}>
                {t("votes.clauseOption", { number: i + 1, title: c.title })}
              </option>
            ))}
          </select>
          <button type="button" className="button button-secondary" onClick={() => void callVote()}>
            {t("votes.call")}
          </button>
        </div>
      )}
      {closed.length > 0 && (
        <ol className="vote-results">
          {closed.map((v) => (
            <li key={v.id}>
              <VoteResult vote={v} subject={subject(v)} roleName={roleName} {...(mine[v.id] ? { myChoice: mine[v.id] } : {})} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function OpenVote({
  vote,
  subject,
  myRole,
  myChoice,
  mayClose,
  roleName,
  onCast,
  onClose,
}: {
  vote: VoteView;
  subject: string;
  myRole?: string;
  myChoice: VoteChoice | undefined;
  mayClose: boolean;
  roleName: (key?: string) => string;
  onCast: (choice: VoteChoice) => void;
  onClose: () => Promise<string | null>;
}) {
  const t = useTranslations("agreement");
  const promptId = useId();
  const voted = new Set(vote.voted);
  const mayVote = Boolean(myRole && vote.electorate.includes(myRole) && !voted.has(myRole));
  const waiting = vote.electorate.filter((r) => !voted.has(r));
  return (
    <div className="vote vote-open" data-testid="vote-open">
      <p className="vote-subject">
        <strong>{subject}</strong> · {t("votes.versionOf", { version: vote.version })} · {vote.secret ? t("votes.secret") : t("votes.open")}
      </p>
      <p className="meta" aria-live="polite">
        {t("votes.progress", { voted: vote.voted.length, total: vote.electorate.length })}
      </p>
      <ul className="vote-roll">
        {vote.electorate.map((r) => (
          <li key={r}>
            {t("votes.ballot", {
              role: roleName(r),
              choice: voted.has(r) ? (vote.ballots[r] ? t(`votes.choice.${vote.ballots[r]}`) : t("votes.hasVoted")) : t("votes.notYet"),
            })}
          </li>
        ))}
      </ul>
      {mayVote && (
        <div className="vote-ballot" role="group" aria-labelledby={promptId}>
          <span id={promptId}>{t("votes.yourBallot", { role: roleName(myRole) })}</span>
          {CHOICES.map((c) => (
            <button key={c} type="button" className={`button ${c === "yes" ? "" : "button-secondary"}`} onClick={() => onCast(c)}>
              {t(`votes.choice.${c}`)}
            </button>
          ))}
        </div>
      )}
      {myRole && voted.has(myRole) && (
        <p className="meta">{myChoice ? t("votes.youVoted", { choice: t(`votes.choice.${myChoice}`) }) : t("votes.delegationVoted")}</p>
      )}
      {mayClose && (
        <ConfirmDialog
          trigger={
            <button type="button" className="button button-secondary">
              {t("votes.close")}
            </button>
          }
          destructive={false}
          title={t("votes.closeTitle", { subject })}
          description={
            <p>
              {waiting.length > 0 ? t("votes.closeWaiting", { roles: waiting.map((r) => roleName(r)).join(", ") }) : t("votes.closeAll")}
            </p>
          }
          confirmLabel={t("votes.closeConfirm")}
          busyLabel={t("working")}
          cancelLabel={t("cancel")}
          onConfirm={onClose}
        />
      )}
    </div>
  );
}

/** A closed vote: the count in words and as a bar, each role's choice in an open vote, who did not vote. */
export function VoteResult({
  vote,
  subject,
  roleName,
  myChoice,
}: {
  vote: VoteView;
  subject: string;
  roleName: (key?: string) => string;
  myChoice?: VoteChoice;
}) {
  const t = useTranslations("agreement");
  const tally = vote.tally ?? { yes: 0, no: 0, abstain: 0 };
  const total = tally.yes + tally.no + tally.abstain;
  const ballots = Object.entries(vote.ballots);
  return (
    <div className="vote vote-closed" data-testid="vote-result">
      <p className="vote-subject">
        <strong>{subject}</strong> · {t("votes.versionOf", { version: vote.version })} · {vote.secret ? t("votes.secret") : t("votes.open")}
      </p>
      <p className="vote-tally">{t("votes.tally", tally)}</p>
      {total > 0 && (
        <div className="vote-bar" aria-hidden="true">
          {CHOICES.map((c) => (tally[c] > 0 ? <span key={c} className={`vote-bar-${c}`} style={{ flexGrow: tally[c] }} /> : null))}
        </div>
      )}
      {ballots.length > 0 && (
        <p className="meta">
          {ballots.map(([r, c]) => t("votes.ballot", { role: roleName(r), choice: t(`votes.choice.${c}`) })).join(" · ")}
        </p>
      )}
      {myChoice && vote.secret && <p className="meta">{t("votes.youVoted", { choice: t(`votes.choice.${myChoice}`) })}</p>}
      {(vote.notVoted ?? []).length > 0 && (
        <p className="meta">{t("votes.didNotVote", { roles: (vote.notVoted ?? []).map((r) => roleName(r)).join(", ") })}</p>
      )}
    </div>
  );
}
