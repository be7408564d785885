// The shared enums as zod schemas, for the boundaries that parse them.
import { z } from "zod";
import { channelKinds, exerciseStatuses } from "./vocabulary";

export const channelKindSchema = z.enum(channelKinds, {
  error: (issue) => `"${String(issue.input)}" is not a channel; channels are: ${channelKinds.join(", ")}`,
});
export const exerciseStatusSchema = z.enum(exerciseStatuses);
