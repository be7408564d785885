/** The run commands the room's header hands to the facilitator's controls. */
export interface RunActions {
  /** Resolves with the refusal to show, or null once done. */
  setStatus(status: "running" | "paused" | "ended", reason?: string): Promise<string | null>;
  setPhase(phaseIndex: number): void;
  extend(minutes: number): void;
  setChairVoice(on: boolean): void;
}
