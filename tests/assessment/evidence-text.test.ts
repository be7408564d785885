import { describe, expect, it } from "vitest";
import { evidenceText, timeWithZone } from "../../app/exercises/[id]/assessment/evidence-text";
import type { EventDto } from "../../lib/contract/events";

const t = (key: string, values?: Record<string, string | number>) => `${key}${values ? JSON.stringify(values) : ""}`;

describe("evidence in words", () => {
  it("names the time zone of every time it prints, in English and French", () => {
    const at = "2026-11-28T09:05:00.000Z";
    for (const locale of ["en-GB", "fr-FR", undefined]) {
      const zone = new Intl.DateTimeFormat(locale, { timeZoneName: "short" })
        .formatToParts(new Date(at))
        .find((p) => p.type === "timeZoneName")?.value;
      expect(zone).toBeTruthy();
      expect(timeWithZone(at, locale)).toContain(zone);
    }
  });

  it("quotes a message's text as it was typed and says who wrote it", () => {
    const message = {
      seq: 4,
      at: "2026-11-28T09:05:00.000Z",
      actor: { userId: "u1" },
      type: "message.sent",
      payload: { body: "# not a heading <b>", authorName: "Hana", roleName: "Dravonia" },
    } as const satisfies EventDto;
    expect(evidenceText(message, t)).toEqual({ what: 'event.message{"role":"Dravonia","name":"Hana"}', quote: "# not a heading <b>" });
  });
});
