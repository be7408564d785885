// A person's part in an exercise, as the assessment desk counts it: votes they called or
// cast for their delegation are contributions (evidence), never counted as backchannels.
import { describe, expect, it } from "vitest";
import { activityOf } from "../../server/domain/person-activity";
import type { EventDto } from "../../lib/contract/events";

const about = { agreementId: "agr-1", title: "Accord" };
let seq = 0;
const ev = (userId: string, body: Omit<EventDto, "seq" | "at" | "actor">): EventDto =>
  ({
    seq: ++seq,
    at: new Date(Date.UTC(2026, 10, 28, 9, seq)).toISOString(),
    actor: { userId, roleKey: "host-nation" },
    ...body,
  }) as EventDto;

describe("a person's activity", () => {
  const events: EventDto[] = [
    ev("ana", { type: "message.sent", payload: { body: "We will vote on the first clause.", authorName: "Ana", roleName: "Host" } }),
    ev("ana", {
      type: "agreement.vote-opened",
      payload: {
        ...about,
        voteId: "v1",
        version: 1,
        clauseKey: "c1",
        clauseTitle: "Ceasefire",
        secret: true,
        electorate: ["host-nation", "un-mediator"],
      },
    }),
    ev("ana", { type: "agreement.vote-cast", payload: { ...about, voteId: "v1", roleKey: "host-nation" } }),
    ev("ben", { type: "agreement.vote-cast", payload: { ...about, voteId: "v1", roleKey: "un-mediator" } }),
    ev("ben", {
      type: "agreement.vote-closed",
      payload: { ...about, voteId: "v1", tally: { yes: 1, no: 1, abstain: 0 }, notVoted: [], closedBy: "complete" },
    }),
  ];

  it("counts the votes a person called and cast, and lists them as contributions", () => {
    const ana = activityOf(events, "ana");
    expect(ana).toMatchObject({ messages: 1, votes: 2, backchannels: 0 });
    expect(ana.contributions.map((e) => e.type)).toEqual(["message.sent", "agreement.vote-opened", "agreement.vote-cast"]);
  });

  it("does not credit a vote's automatic close to the person whose ballot closed it", () => {
    expect(activityOf(events, "ben")).toMatchObject({
      votes: 1,
      backchannels: 0,
      contributions: [expect.objectContaining({ type: "agreement.vote-cast" })],
    });
  });
});
