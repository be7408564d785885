// One person's part in an exercise, read from the events their assessor may see: what
// they said, drafted, proposed, voted and signed, and their share of the talk.
import type { EventDto } from "../../lib/contract/events";

/** The event types that are a person's own contribution (evidence is usually one of these). */
const CONTRIBUTIONS = new Set<EventDto["type"]>([
  "message.sent",
  "backchannel.requested",
  "backchannel.convened",
  "agreement.created",
  "agreement.version",
  "agreement.tabled",
  "agreement.amendment-proposed",
  "agreement.signed",
  "agreement.vote-opened",
  "agreement.vote-cast",
]);

export interface PersonActivity {
  messages: number;
  words: number;
  /** The person's words over every message's words in the events read (0..1). */
  talkShare: number;
  drafts: number;
  amendments: number;
  signatures: number;
  /** Clause votes called, and ballots cast for their delegation (a secret ballot's choice is not known here). */
  votes: number;
  backchannels: number;
  /** Their contributions in log order. */
  contributions: EventDto[];
}

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

export function activityOf(events: readonly EventDto[], userId: string): PersonActivity {
  const activity: PersonActivity = {
    messages: 0,
    words: 0,
    talkShare: 0,
    drafts: 0,
    amendments: 0,
    signatures: 0,
    votes: 0,
    backchannels: 0,
    contributions: [],
  };
  let allWords = 0;
  for (const e of events) {
    if (e.type === "message.sent") allWords += wordsIn(e.payload.body);
    if (e.actor.userId !== userId || !CONTRIBUTIONS.has(e.type)) continue;
    activity.contributions.push(e);
    switch (e.type) {
      case "message.sent":
        activity.messages++;
        activity.words += wordsIn(e.payload.body);
        break;
      case "agreement.created":
      case "agreement.version":
      case "agreement.tabled":
        // An accepted amendment's version is the decider's act; the proposal is the proposer's.
        if (e.type !== "agreement.version" || !e.payload.amendmentId) activity.drafts++;
        break;
      case "agreement.amendment-proposed":
        activity.amendments++;
        break;
      case "agreement.signed":
        activity.signatures++;
        break;
      case "agreement.vote-opened":
      case "agreement.vote-cast":
        activity.votes++;
        break;
      default:
        activity.backchannels++;
    }
  }
  activity.talkShare = allWords === 0 ? 0 : activity.words / allWords;
  return activity;
}
