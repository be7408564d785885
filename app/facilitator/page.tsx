import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { isExerciseStatus } from "@/app/components/exercise-status";
import { getAppContext } from "@/server/app-context";
import { decide } from "@/server/domain/authorization";
import { requirePageActor } from "@/server/http/page-session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("myExercises") };
}

export default async function FacilitatorHome() {
  const { actor, user } = await requirePageActor("/facilitator");
  const observer = actor.systemRole === "observer";
  if (!observer && !decide(actor, "exercise:list-own").allowed) redirect(user.exerciseId ? `/exercises/${user.exerciseId}` : "/");
  // Observer accounts see the exercises they were added to; staff those they run.
  const { exercises: repo } = getAppContext().services;
  const exercises = observer ? await repo.listObservedBy(actor.userId) : await repo.listRunBy(actor.userId, actor.systemRole === "admin");
  const t = await getTranslations("facilitator");
  const status = await getTranslations("exerciseStatus");
  const dateLocale = (await getLocale()) === "fr" ? "fr-FR" : "en-GB";
  return (
    <section>
      <div className="page-head">
        <h1>{observer ? t("observedHeading") : t("heading")}</h1>
        {!observer && (
          <Link className="button" href="/scenarios">
            {t("newExercise")}
          </Link>
        )}
      </div>
      {exercises.length === 0 ? (
        <div className="panel empty-state">
          <p>{observer ? t("observedEmpty") : t("empty")}</p>
          {!observer && <p>{t.rich("emptyHint", { link: (chunks) => <Link href="/scenarios">{chunks}</Link> })}</p>}
        </div>
      ) : (
        <ul className="list">
          {exercises.map((e) => (
            <li key={e.id} className="list-row">
              <a href={`/exercises/${e.id}`}>{e.title}</a>
              <span className={`badge badge-${e.status}`}>{isExerciseStatus(e.status) ? status(e.status) : e.status}</span>
              <span className="meta">
                {e.createdAt.toLocaleDateString(dateLocale, { day: "numeric", month: "short", year: "numeric" })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
