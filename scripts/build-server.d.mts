// Types for scripts/build-server.mjs (a plain script, so that `npm run build` needs no TypeScript loader).
export declare const SERVER_NODE_FLAGS: readonly string[];
export declare const SERVER_ENTRIES: Readonly<Record<string, string>>;
export declare function buildServer(options: { root: string; entries?: Record<string, string>; outdir?: string }): Promise<void>;
