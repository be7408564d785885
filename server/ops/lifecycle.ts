// Where a server process is in its life, for the readiness check: starting (listening, but
// its running exercises not loaded yet), serving, or draining (shutting down). The entry
// file moves it forward; it never goes back.
export type ServerState = "starting" | "serving" | "draining";

export interface Lifecycle {
  readonly state: ServerState;
  serving(): void;
  draining(): void;
}

export function createLifecycle(): Lifecycle {
  let state: ServerState = "starting";
  return {
    get state() {
      return state;
    },
    serving() {
      if (state === "starting") state = "serving";
    },
    draining() {
      state = "draining";
    },
  };
}
