"use client";

// An announcement: to everyone in the announcements channel, or to the roles ticked.
import { useTranslations } from "next-intl";
import type { FormEvent } from "react";
import { MAX_MESSAGE_LENGTH } from "@/lib/contract/limits";
import type { Live, RoleInfo } from "./console-types";
import type { ConsoleAct } from "./use-console-act";

export function AnnouncementSection({ live, roles, act }: { live: Live; roles: RoleInfo[]; act: ConsoleAct }) {
  const t = useTranslations("console");

  async function announce(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const body = String(form.get("body") ?? "");
    const chosen = form.getAll("roles").map(String);
    const channel = live.channels.find((c) => c.kind === "announcements");
    if (chosen.length === 0 && !channel) return;
    const result = await act(() =>
      chosen.length === 0 && channel
        ? live.command("message:send", { channelId: channel.id, body })
        : live.command("announcement:send", { body, roles: chosen }),
    );
    if (result.ok) formEl.reset();
  }

  return (
    <section id="console-announce" className="console-section" aria-labelledby="console-announce-heading">
      <h2 id="console-announce-heading" className="console-heading">
        {t("announcement")}
      </h2>
      <form className="form" onSubmit={(e) => void announce(e)}>
        <label>
          {t("message")}
          <textarea name="body" rows={2} maxLength={MAX_MESSAGE_LENGTH} required dir="auto" />
        </label>
        <fieldset className="audience">
          <legend>{t("announceTo")}</legend>
          {roles.map((r) => (
            <label key={r.key} className="check">
              <input type="checkbox" name="roles" value={r.key} /> {r.name}
            </label>
          ))}
        </fieldset>
        <button className="button" type="submit">
          {t("announce")}
        </button>
      </form>
    </section>
  );
}
