// What the console's panels share: the live exercise and the scenario's parts they show.
import type { LiveExercise } from "../room/use-exercise";

export type Live = LiveExercise;

export interface RoleInfo {
  key: string;
  name: string;
}

export interface PhaseInfo {
  key: string;
  title: string;
  minutes: number;
}

/** A role's name, or the text for "no role". */
export type RoleName = (key: string | null | undefined) => string;
