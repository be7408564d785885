"use client";

// What changed in the lobby since the last roster, in words, for a polite live region:
// who joined, who took or moved to which role, who left. The first roster a page
// receives is where it starts, not news.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { RosterDto, RosterPersonDto } from "@/lib/contract/events";

type Translate = ReturnType<typeof useTranslations<"lobby">>;

const participants = (roster: RosterDto) => new Map(roster.people.filter((p) => p.seat === "participant").map((p) => [p.userId, p]));

function describe(
  t: Translate,
  before: Map<string, RosterPersonDto>,
  after: Map<string, RosterPersonDto>,
  me: string | null,
  roleName: (key: string) => string,
): string {
  const lines: string[] = [];
  for (const [id, person] of after) {
    const was = before.get(id);
    const name = person.displayName;
    if (!was) lines.push(person.roleKey ? t("announceTook", { name, role: roleName(person.roleKey) }) : t("announceJoined", { name }));
    else if (person.roleKey && person.roleKey !== was.roleKey) {
      const role = roleName(person.roleKey);
      lines.push(
        id === me ? t("announceYou", { role }) : was.roleKey ? t("announceMoved", { name, role }) : t("announceTook", { name, role }),
      );
    }
  }
  for (const [id, was] of before) if (!after.has(id)) lines.push(t("announceLeft", { name: was.displayName }));
  return lines.join(" ");
}

export function useSeatAnnouncements(roster: RosterDto | null, me: string | null, roleName: (key: string) => string): string {
  const t = useTranslations("lobby");
  const [seen, setSeen] = useState(roster);
  const [message, setMessage] = useState("");
  // Adjusting state while rendering, on a new roster object only (React's pattern for it).
  if (roster !== seen) {
    setSeen(roster);
    if (seen && roster) {
      const news = describe(t, participants(seen), participants(roster), me, roleName);
      if (news) setMessage(news);
    }
  }
  return message;
}
