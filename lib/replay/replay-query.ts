// The debrief's request (`GET /api/exercises/:id/replay?…`) and the shapes of its paged
// answers, shared by the route and the debrief page (no Node-only imports here). A
// debrief whose reader may see at most WHOLE_UP_TO messages comes whole, as one answer;
// a larger one comes as its state (every event but messages), an outline of its talk and
// pages of messages, one channel at a moment at a time (docs/protocol.md, "The debrief").
import { z } from "zod";
import type { EventDto } from "../contract/events";

/** A reader who may see at most this many messages gets the whole debrief at once. */
export const WHOLE_UP_TO = 10_000;
/** Messages in a page unless `limit` says otherwise, and at most. */
export const PAGE_DEFAULT = 200;
export const PAGE_MAX = 1000;
/** Time slices of the outline's activity counts. */
export const OUTLINE_BUCKETS = 160;
/** Search hits returned at most (the count says how many there are). */
export const SEARCH_MAX = 50;

const int = (min: number) => z.coerce.number().int().min(min).max(Number.MAX_SAFE_INTEGER);

export const replayQuerySchema = z
  .strictObject({
    /** The facilitator reads as this role saw it. */
    as: z.string().min(1).max(100).optional(),
    /** screen (default): the first answer; page: messages of one channel; figures; search. */
    part: z.enum(["screen", "page", "figures", "search"]).default("screen"),
    /** Pages even when the whole debrief would fit in one answer. */
    paged: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
    channel: z.string().min(1).max(100).optional(),
    /** The moment shown, epoch ms: the page holds the channel's last messages at or before it. */
    at: int(0).optional(),
    /** Instead of `at`: the channel's last messages before this sequence number (scrolling back). */
    before: int(1).optional(),
    limit: int(1).max(PAGE_MAX).default(PAGE_DEFAULT),
    /** A full view's opening (the screen's `opening`): later parts are read under it, not audited again. */
    opening: z.string().min(1).max(100).optional(),
    q: z.string().trim().min(1).max(200).optional(),
  })
  .refine((v) => v.at === undefined || v.before === undefined, { message: "give at or before, not both", path: ["before"] })
  .refine((v) => v.part !== "page" || v.channel !== undefined, { message: "a page names its channel", path: ["channel"] })
  .refine((v) => v.part !== "search" || v.q !== undefined, { message: "a search needs q", path: ["q"] });

export type ReplayQuery = z.infer<typeof replayQuerySchema>;

/**
 * Messages (`message.sent`) of one channel. Holds every message of the channel the reader may
 * see with `seq >= from` and time at or before `untilAt` (and `seq < before` when asked
 * with `before`); `from` is 0 when that reaches the channel's first message; `untilAt` is
 * null when it reaches the end of the log as read.
 */
export interface MessagePage {
  channelId: string;
  events: EventDto[];
  from: number;
  untilAt: number | null;
}

/** The whole timeline in brief, for the slider and tracks of a paged debrief. */
export interface ReplayOutline {
  /** Events and messages this reader may see. */
  events: number;
  messages: number;
  /** Epoch ms of the reader's first and last event. */
  first: number | null;
  last: number | null;
  /** Per channel: its messages, and how many fell in each of OUTLINE_BUCKETS equal slices of [first, last]. */
  channels: { channelId: string; messages: number; counts: number[] }[];
}

export interface SearchAnswer<Hit> {
  hits: Hit[];
  /** How many hits there are in all (at most SEARCH_MAX are returned). */
  total: number;
}
