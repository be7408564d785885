"use client";

// An agreement's clause votes as they stood at the moment shown: an open one with how many
// delegations had voted, closed ones with their result (each role's choice only in an open
// ballot, as the replay carries it).
import { useTranslations } from "next-intl";
import type { VoteView } from "@/lib/agreements/agreement-state";
import { VoteResult, useVoteSubject } from "../room/agreement-votes";

export function DebriefVotes({ votes, roleName }: { votes: readonly VoteView[]; roleName: (key?: string) => string }) {
  const t = useTranslations("agreement");
  const subject = useVoteSubject();
  if (votes.length === 0) return null;
  return (
    <div className="votes" data-testid="debrief-votes">
      <h4>{t("votes.heading")}</h4>
      <ol className="vote-results">
        {votes.map((v) => (
          <li key={v.id}>
            {v.status === "closed" ? (
              <VoteResult vote={v} subject={subject(v)} roleName={roleName} />
            ) : (
              <div className="vote vote-open">
                <p className="vote-subject">
                  <strong>{subject(v)}</strong> · {t("votes.versionOf", { version: v.version })} ·{" "}
                  {v.secret ? t("votes.secret") : t("votes.open")}
                </p>
                <p className="meta">{t("votes.progress", { voted: v.voted.length, total: v.electorate.length })}</p>
              </div>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
