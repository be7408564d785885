import { getTranslations } from "next-intl/server";
import { getAppContext } from "@/server/app-context";
import { scenarioSchema } from "@/lib/scenario/scenario.schema";
import { totalMinutes } from "@/lib/scenario/scenario-rules";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  // The public landing page shows Parley's own scenarios, never uploads.
  const rows = await getAppContext().services.scenarios.listLatest({ builtinOnly: true });
  const scenarios = rows.map((row) => ({ id: row.id, ...scenarioSchema.parse(JSON.parse(row.definition)) }));
  const t = await getTranslations("home");

  return (
    <>
      <section className="hero">
        <h1>{t("title")}</h1>
        <p>{t("intro")}</p>
      </section>
      <section aria-labelledby="scenarios-heading">
        <h2 id="scenarios-heading">{t("builtIn")}</h2>
        {scenarios.length === 0 ? (
          <p className="empty">{t("empty")}</p>
        ) : (
          <ul className="card-list">
            {scenarios.map((s) => (
              <li key={s.id} className="card">
                <h3>{s.title}</h3>
                <p>{s.summary}</p>
                <p className="meta">{t("meta", { roles: s.roles.length, phases: s.phases.length, minutes: totalMinutes(s) })}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
