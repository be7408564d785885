import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { formatJoinCode } from "@/server/auth/join-code";
import { requirePageActor } from "@/server/http/page-session";
import { BriefCard } from "@/app/components/brief-card";
import { MarkdownText } from "@/app/components/markdown-text";
import { OpenLobbyButton } from "./lobby-controls";
import { LiveLobby } from "./live-lobby";
import { JoinPanel } from "./join-panel";
import { RosterPrefillButton } from "@/app/lti/roster-prefill-button";
import "./lobby.css";
import { RemovedNotice } from "./exit-notices";
import { DeleteExercise } from "./delete-exercise";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("metadata"))("exercise") };
}

export default async function ExercisePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, actor } = await requirePageActor(`/exercises/${id}`, id);
  const result = await getAppContext().services.exerciseFlow.viewFor(actor, id);
  // A participant of this exercise without a seat was removed by the facilitator: say so.
  if (!result.ok && result.code === "forbidden" && user.exerciseId === id) return <RemovedNotice />;
  if (!result.ok) notFound();
  const view = result.data;
  const t = await getTranslations("exercise");
  const status = await getTranslations("exerciseStatus");
  const brief = await getTranslations("brief");
  const roles = view.scenario.roles.map((r) => ({
    key: r.key,
    name: r.name,
    profile: r.profile,
    signs: view.scenario.signatories.includes(r.key),
  }));
  const roleName = (key: string | null) => roles.find((r) => r.key === key)?.name ?? t("noRole");
  // Built from PUBLIC_URL, never from the request's Host header (which a client chooses).
  const joinUrl = view.joinCode ? `${getAppContext().publicUrl}/join?code=${view.joinCode}` : null;

  // An exercise placed from an LMS course (LTI): the course roster can fill the lobby.
  const course = view.roster ? await getAppContext().services.lti.linkOf(view.id) : null;
  const lti = await getTranslations("lti");
  const lobby = view.roster && (
    <section className="panel" aria-labelledby="lobby-heading">
      <h2 id="lobby-heading">{t("lobby")}</h2>
      {view.status === "draft" ? (
        <>
          <p>{t("openLobbyHint")}</p>
          <OpenLobbyButton exerciseId={view.id} />
        </>
      ) : (
        <LiveLobby
          exerciseId={view.id}
          status={view.status}
          staff
          roles={roles}
          signatories={view.scenario.signatories}
          initialPeople={view.roster.filter((p) => p.seat === "participant").map((p) => ({ ...p, seat: "participant" as const }))}
          myRole={null}
          join={joinUrl && view.status !== "ended" ? <JoinPanel code={formatJoinCode(view.joinCode ?? "")} url={joinUrl} /> : undefined}
        />
      )}
      {course && (
        <div className="course-link">
          <p className="meta">{lti("placedFrom", { platform: course.platformName, course: course.contextTitle ?? "—" })}</p>
          {view.status !== "ended" && <RosterPrefillButton exerciseId={view.id} />}
        </div>
      )}
    </section>
  );
  const debrief = view.status === "ended" || (view.roster && (view.status === "running" || view.status === "paused"));
  const enter = view.status !== "draft" && view.status !== "ended" && (view.roster || view.roleKey);

  return (
    <div className="exercise-page">
      <header className="exercise-head">
        <p className="meta">
          {view.scenario.title} · <span className={`badge badge-${view.status}`}>{status(view.status)}</span>
        </p>
        <h1>{view.title}</h1>
        {(debrief || enter) && (
          <p className="exercise-actions">
            {enter && (
              <a className="button" href={`/exercises/${view.id}/${view.roster ? "console" : "room"}`}>
                {view.roster ? t("openConsole") : t("enterRoom")}
              </a>
            )}
            {debrief && (
              <a className="button button-secondary" href={`/exercises/${view.id}/debrief`}>
                {t("openDebrief")}
              </a>
            )}
          </p>
        )}
      </header>
      {/* The facilitator's lobby spans the page: it is what a projector shows. */}
      {lobby}
      <div className="split">
        <section>
          {!view.roster && (
            <section className="panel" aria-labelledby="role-heading">
              <h2 id="role-heading">{t("yourRole")}</h2>
              {view.status === "ended" || view.status === "draft" ? (
                <p>
                  {view.roleKey
                    ? t.rich("youRepresent", { role: roleName(view.roleKey), strong: (chunks) => <strong>{chunks}</strong> })
                    : t("noRole")}
                </p>
              ) : (
                <LiveLobby
                  exerciseId={view.id}
                  status={view.status}
                  staff={false}
                  roles={roles}
                  signatories={view.scenario.signatories}
                  initialPeople={[]}
                  myRole={view.roleKey ?? null}
                />
              )}
            </section>
          )}
          <h2>{t("background")}</h2>
          <MarkdownText text={view.scenario.background} />
          {view.roster && (
            <DeleteExercise exerciseId={view.id} title={view.title} live={view.status === "running" || view.status === "paused"} />
          )}
        </section>
        <aside>
          {view.scenario.ownBrief && (
            <BriefCard brief={view.scenario.ownBrief} heading={brief("yours", { name: view.scenario.ownBrief.name })} />
          )}
          {view.scenario.allBriefs && (
            <details className="panel">
              <summary>{t("allBriefs")}</summary>
              {view.scenario.allBriefs.map((b) => (
                <BriefCard key={b.roleKey} brief={b} />
              ))}
            </details>
          )}
        </aside>
      </div>
    </div>
  );
}
