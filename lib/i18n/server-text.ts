// Texts that come from the server (ack and route errors) are written in English in the
// code, where logs and API clients read them. The browser shows them in the reader's
// language from a catalog keyed by that English text: "{1}", "{2}" stand for the parts a
// message fills in, which are translated too when the catalog knows them.
// tests/lib/server-text.test.ts finds every such text in the source and requires a
// translation for each, so a new server message cannot ship in English only.

export type ServerTextCatalog = Readonly<Record<string, string>>;

interface Pattern {
  regex: RegExp;
  translated: string;
}

const compiled = new WeakMap<ServerTextCatalog, Pattern[]>();

function patternsOf(catalog: ServerTextCatalog): Pattern[] {
  let patterns = compiled.get(catalog);
  if (!patterns) {
    patterns = Object.entries(catalog)
      .filter(([english]) => /\{\d+\}/.test(english))
      .map(([english, translated]) => {
        const parts = english.split(/\{\d+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        return { regex: new RegExp(`^${parts.join("(.+?)")}$`), translated };
      });
    compiled.set(catalog, patterns);
  }
  return patterns;
}

/** The catalog's version of `text`, or `text` itself when the catalog has none. */
export function translateServerText(text: string, catalog: ServerTextCatalog): string {
  const direct = catalog[text];
  if (direct !== undefined) return direct;
  for (const { regex, translated } of patternsOf(catalog)) {
    const match = regex.exec(text);
    if (match)
      return translated.replace(/\{(\d+)\}/g, (_, i: string) => {
        const value = match[Number(i)] ?? "";
        return catalog[value] ?? value;
      });
  }
  return text;
}
