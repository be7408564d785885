// @ts-check
import createNextIntlPlugin from "next-intl/plugin";

// Interface strings go through next-intl; the locale is chosen per request in i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/main.ts) owns the database and Socket.io; Next renders pages.
  serverExternalPackages: ["pino", "better-sqlite3", "@prisma/client"],
};

export default withNextIntl(nextConfig);
