// The enums both sides share, each declared once: the contract's types, the scenario
// format, the domain and storage all import them from here.
import { z } from "zod";

export const channelKinds = ["plenary", "backchannel", "team", "announcements"] as const;
export const channelKindSchema = z.enum(channelKinds, {
  error: (issue) => `"${String(issue.input)}" is not a channel; channels are: ${channelKinds.join(", ")}`,
});
export type ChannelKind = z.infer<typeof channelKindSchema>;

export const exerciseStatuses = ["draft", "lobby", "running", "paused", "ended"] as const;
export const exerciseStatusSchema = z.enum(exerciseStatuses);
export type ExerciseStatus = z.infer<typeof exerciseStatusSchema>;
