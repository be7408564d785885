// Every text the server can send as an error is translated: the source is searched for
// them (fail(), jsonError(), no(), { code, message } literals), so a new one without a
// French version fails here.
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translateServerText } from "../../lib/i18n/server-text";
import fr from "../../i18n/server-text/fr.json";

const root = join(import.meta.dirname, "../..");
const literal = '("(?:[^"\\\\]|\\\\.)*"|`(?:[^`\\\\]|\\\\.)*`)';
const patterns = [
  new RegExp(`\\b(?:fail(?:<[^>]*>)?|jsonError|no)\\(\\s*"[a-z_]+",\\s*${literal}`, "g"),
  new RegExp(`\\bcode:\\s*"[a-z_]+"(?:\\s+as const)?,\\s*message:\\s*${literal}`, "g"),
];

function serverTexts(): string[] {
  const files = execSync("git ls-files server app lib", { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes("/generated/"));
  const texts = new Set<string>();
  for (const file of files) {
    const source = readFileSync(join(root, file), "utf8");
    for (const pattern of patterns) {
      for (const match of source.matchAll(pattern)) {
        let n = 0;
        texts.add(
          match[1]!
            .slice(1, -1)
            .replace(/\$\{[^}]*\}/g, () => `{${++n}}`)
            .replace(/\\"/g, '"'),
        );
      }
    }
  }
  return [...texts].sort();
}

const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

describe("server texts in French", () => {
  const catalog: Record<string, string> = fr;

  it("has a translation for every error text in the source", () => {
    const texts = serverTexts();
    expect(texts.length).toBeGreaterThan(60); // the search itself still finds them
    expect(texts.filter((t) => catalog[t] === undefined)).toEqual([]);
  });

  it("keeps every placeholder of the English text", () => {
    for (const [english, french] of Object.entries(catalog)) expect(placeholders(french), english).toEqual(placeholders(english));
  });

  it("translates fixed texts, fills templates (translating known parts) and leaves unknown texts alone", () => {
    expect(translateServerText("You are not a member of this channel", catalog)).toBe("Vous n’êtes pas membre de ce canal");
    expect(translateServerText("The exercise cannot go from running to lobby", catalog)).toBe(
      "L’exercice ne peut pas passer de l’état « en cours » à l’état « salle d’attente »",
    );
    expect(translateServerText("Backchannels are closed in this phase", catalog)).toBe(
      "Les canaux officieux sont fermés pendant cette phase",
    );
    expect(translateServerText("Team channels are closed in this phase", catalog)).toBe("Fermé pendant cette phase : canaux d’équipe");
    expect(translateServerText("Messages are limited to 2000 characters", catalog)).toBe("Les messages sont limités à 2000 caractères");
    expect(translateServerText("Something new (not in the catalog)", catalog)).toBe("Something new (not in the catalog)");
  });
});
