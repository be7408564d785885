// The enums both sides share, each declared once: the contract's types, the scenario
// format, the domain and storage all take them from here. Plain values, no zod, so that a
// page importing a list of statuses does not ship the validator (their schemas are in
// vocabulary.schema.ts).
export const channelKinds = ["plenary", "backchannel", "team", "announcements"] as const;
export type ChannelKind = (typeof channelKinds)[number];

export const exerciseStatuses = ["draft", "lobby", "running", "paused", "ended"] as const;
export type ExerciseStatus = (typeof exerciseStatuses)[number];
