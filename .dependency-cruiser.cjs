// Layering checks (`npm run depcheck`): the domain stays free of transport and storage,
// lib/ is importable from the browser, and no module imports itself through others.
// Type-only imports count too: a type from Prisma in the domain still ties it to Prisma.
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-imports-infrastructure",
      comment: "server/domain is plain TypeScript: no Prisma, database, storage, socket.io, Next or next-auth.",
      severity: "error",
      from: { path: "^server/domain/" },
      to: {
        path: [
          "^server/db/",
          "^server/storage/",
          // resolved into node_modules, or left unresolved as a bare name
          "(^|/)node_modules/(@prisma|socket\\.io|socket\\.io-client|next|next-auth)/",
          "^(@prisma/|socket\\.io$|socket\\.io/|socket\\.io-client|next$|next/|next-auth)",
        ],
      },
    },
    {
      name: "lib-imports-server-or-app",
      comment: "lib/ is shared with the browser bundle; it must not reach into server/ or app/.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(server|app)/" },
    },
    {
      name: "no-circular",
      comment: "Import cycles, type-only imports included.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // The generated Prisma client is listed where it is imported, but not crawled.
    doNotFollow: { path: ["node_modules", "^server/db/generated/"] },
    exclude: { path: ["^\\.next/"] },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
