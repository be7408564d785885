// The JavaScript a page loads before it runs: every script its HTML names, fetched and
// gzipped here (level 9, what a proxy in front would send at best), summed. Scripts marked
// `nomodule` (Next's polyfills for browsers without modules) are not counted: every
// browser Parley supports skips them.
import { gzipSync } from "node:zlib";

export interface FirstLoad {
  totalGzipBytes: number;
  scripts: { src: string; gzipBytes: number }[];
}

export async function firstLoadJs(pageUrl: string, cookie: string): Promise<FirstLoad> {
  const html = await (await fetch(pageUrl, { headers: { cookie } })).text();
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\bnomodule\b/i.test(tag));
  const srcs = [...new Set(tags.flatMap((tag) => /\ssrc="([^"]+\.js[^"]*)"/.exec(tag)?.[1] ?? []))];
  const origin = new URL(pageUrl).origin;
  const scripts = await Promise.all(
    srcs.map(async (src) => {
      const body = Buffer.from(await (await fetch(new URL(src.replace(/&amp;/g, "&"), origin))).arrayBuffer());
      return { src, gzipBytes: gzipSync(body, { level: 9 }).length };
    }),
  );
  return { totalGzipBytes: scripts.reduce((n, s) => n + s.gzipBytes, 0), scripts: scripts.sort((a, b) => b.gzipBytes - a.gzipBytes) };
}
