import { Fragment } from "react";
import type { Transcript } from "@/server/debrief/transcript-model";
import { dayOpeners, type TranscriptWords } from "@/server/debrief/transcript-words";

/**
 * A transcript for printing, built from its model: what people typed is shown as the text
 * it is (line breaks kept, direction per paragraph), never read as Markdown or HTML.
 */
export function TranscriptView({ transcript: tr, words }: { transcript: Transcript; words: TranscriptWords }) {
  const t = words.say;
  const who = tr.perspective.kind === "role" ? tr.perspective.roleName : t(tr.perspective.kind);
  const role = (name: string) => name || t("someDelegation");
  const openers = dayOpeners(tr.entries, words);
  const said = (text: string) => (
    <span className="said" dir="auto">
      {text}
    </span>
  );
  return (
    <article className="print-transcript" lang={words.locale}>
      <h1>{t("heading", { title: tr.title })}</h1>
      <p className="meta">
        {t("scenario", { title: tr.scenarioTitle })}
        <br />
        {t("seenBy", { who })} {t("times", { zone: words.zone })}
      </p>
      {tr.entries.length === 0 && <p>{t("empty")}</p>}
      <ol className="transcript-entries">
        {tr.entries.map((e) =>
          e.kind === "phase" ? (
            <li key={e.seq} className="transcript-phase">
              <h2>{t("phase", { title: e.title })}</h2>
            </li>
          ) : (
            <Fragment key={e.seq}>
              {openers.has(e.seq) && (
                <li className="transcript-day">
                  <time dateTime={words.dayKey(e.at)}>{words.day(e.at)}</time>
                </li>
              )}
              <li className={e.important ? "is-important" : undefined}>
                <time dateTime={e.at}>{words.time(e.at)}</time>{" "}
                {e.important && <strong className="transcript-important">{t("important")} · </strong>}
                {e.kind === "message" && (
                  <>
                    <strong>{e.roleName}</strong> ({e.authorName}) <em>{t("in", { channel: e.channel || t("someChannel") })}</em>
                    {e.declassified && <em> ({t("declassified")})</em>}
                    {t("colon")} {said(e.body)}
                  </>
                )}
                {e.kind === "announcement" && (
                  <>
                    <strong>{t("announces")}</strong>
                    {t("colon")} {said(e.body)}
                  </>
                )}
                {e.kind === "inject" && (
                  <>
                    <strong>{t("inject", { title: e.title })}</strong> {said(e.text)}
                  </>
                )}
                {e.kind === "status" && <em>{t("status", { status: words.exerciseStatus(e.status) })}</em>}
                {e.kind === "tabled" && <em>{t("tabled", { role: role(e.roleName), title: e.title, version: e.version })}</em>}
                {e.kind === "signed" && <em>{t("signed", { role: role(e.roleName), title: e.title, version: e.version })}</em>}
                {e.kind === "agreement-status" && (
                  <em>{t("agreementStatus", { title: e.title, status: words.agreementStatus(e.status) })}</em>
                )}
                {e.kind === "vote" && (
                  <>
                    <em>
                      {t("vote", {
                        subject: e.clauseTitle ? t("voteOnClause", { clause: e.clauseTitle }) : t("voteOnText"),
                        title: e.title,
                        ...e.tally,
                      })}
                    </em>
                    {e.ballots.length > 0 && (
                      <span className="said">
                        {t("ballots", { list: e.ballots.map((b) => `${b.roleName}${t("colon")} ${words.choice(b.choice)}`).join(", ") })}
                      </span>
                    )}
                    {e.notVoted.length > 0 && <span className="said">{t("didNotVote", { roles: e.notVoted.join(", ") })}</span>}
                  </>
                )}
                {e.notes.map((note, i) => (
                  <blockquote key={i}>
                    {t("note")}
                    {t("colon")} {said(note)}
                  </blockquote>
                ))}
              </li>
            </Fragment>
          ),
        )}
      </ol>
      {tr.agreements.length > 0 && (
        <section>
          <h2>{t("agreements")}</h2>
          {tr.agreements.map((a) => (
            <section key={a.id}>
              <h3>{t("agreementHeading", { title: a.title, status: words.agreementStatus(a.status), version: a.version })}</h3>
              <ol>
                {a.clauses.map((c, i) => (
                  <li key={i}>
                    <strong>{c.title}.</strong> {said(c.text)}
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </section>
      )}
    </article>
  );
}
