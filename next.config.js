// @ts-check
import createNextIntlPlugin from "next-intl/plugin";

// Interface strings go through next-intl; the locale is chosen per request in i18n/request.ts.
// The catalogs in messages/ are precompiled at build time, so browsers get no ICU parser
// (about 9 KB gzip off every page); code inside Next's build reads them through next-intl's
// translators only (server-side texts keyed by English live apart, in i18n/server-text/).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: { messages: { path: "./messages", format: "json", locales: ["en", "fr"], precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/main.ts) owns the database and Socket.io; Next renders pages.
  serverExternalPackages: ["pino", "better-sqlite3", "@prisma/client"],
};

export default withNextIntl(nextConfig);
