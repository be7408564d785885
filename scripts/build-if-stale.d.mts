// Types for scripts/build-if-stale.mjs (a plain script, so that `npm start` needs no compiler).
export declare const BUILD_INPUTS: readonly string[];
export declare function staleness(root: string, inputs?: readonly string[]): { stale: boolean; reason: string };
