/** "Billion laughs": nine anchors, each a list of nine aliases to the one before, so a
 *  dozen lines expand to 9^9 strings. */
export const aliasBomb = [
  "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  ..."bcdefghi".split("").map((anchor, i) => `${anchor}: &${anchor} [${Array<string>(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`),
].join("\n");
