"use client";

// Says what just changed in the roster (joined, took a role, removed, re-admitted), on
// screen and politely to screen readers. The first roster the console receives is news to no one.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { RosterDto } from "@/lib/contract/events";
import { rosterChanges, type RosterChange } from "@/lib/client/roster-view";
import type { RoleName } from "./console-types";

export function RosterNews({ roster, roleName }: { roster: RosterDto | null; roleName: RoleName }) {
  const t = useTranslations("console.people");
  const [seen, setSeen] = useState(roster);
  const [news, setNews] = useState("");

  // Compared while rendering (React's pattern for "what changed since the last render").
  if (roster !== seen) {
    setSeen(roster);
    if (seen && roster) {
      const said = rosterChanges(seen, roster).map((change: RosterChange) => {
        const name = change.person.displayName;
        switch (change.kind) {
          case "joined":
            return change.person.seat === "observer" ? t("newsObserver", { name }) : t("newsJoined", { name });
          case "role":
            return t("newsRole", { name, role: roleName(change.person.roleKey) });
          case "removed":
            return t("newsRemoved", { name });
          case "readmitted":
            return t("newsReadmitted", { name });
        }
      });
      if (said.length > 0) setNews(said.join(" "));
    }
  }

  return (
    <p className="roster-news meta" role="status" data-testid="roster-news">
      {news}
    </p>
  );
}
