// Text typed by people (messages, names, notes) placed into Markdown as text, never as
// structure: no heading, list, quote, link, image, code, table or raw HTML can come out of
// it, whatever a participant typed. Newlines stay line breaks inside the block they are in.

/** Characters that start inline structure anywhere in a line (CommonMark escapes each with `\`). */
const INLINE = /[\\`*_[\]<>#|~&!]/g;

/** A line start that would open a block: `-`, `+`, `=` (setext), `1.` / `1)`. */
const BLOCK_START = /^(\s*)([-+=]|\d+[.)])/;

function escapeLine(line: string): string {
  const inline = line.replace(INLINE, (c) => `\\${c}`);
  // Leading spaces would make an indented code block of a continuation line: drop them.
  return inline
    .trimStart()
    .replace(BLOCK_START, (_m, _space: string, marker: string) => (/\d/.test(marker) ? marker.replace(/([.)])$/, "\\$1") : `\\${marker}`));
}

/**
 * `text` as Markdown inline text. Line breaks become hard breaks whose next line is
 * indented by `indent` (so that it stays in the list item or quote it starts in); blank
 * lines are dropped rather than ending the block.
 */
export function escapeMarkdown(text: string, indent = ""): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0)
    .map(escapeLine)
    .join(`\\\n${indent}`);
}
