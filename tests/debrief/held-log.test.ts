// What the debrief keeps of logs per process stays within its budget, whatever one log's size.
import { describe, expect, it } from "vitest";
import { createHeldLog } from "../../server/storage/held-log";

describe("the held log's budget", () => {
  const logs: Record<string, number> = { small: 4, other: 5, huge: 15 };
  const reads: string[] = [];
  const readAfter = async (exerciseId: string, afterSeq: number) => {
    reads.push(`${exerciseId}>${afterSeq}`);
    return Array.from({ length: logs[exerciseId]! - afterSeq }, (_, i) => ({ seq: afterSeq + i + 1 }));
  };
  const at = (exerciseId: string) => ({ lastSeq: logs[exerciseId]!, revision: 0 });

  it("keeps what fits, answers a log larger than the budget without keeping it, and drops the least recently read", async () => {
    const held = createHeldLog(readAfter, 10);
    expect((await held.read("small", at("small"))).length).toBe(4);
    expect((await held.read("small", at("small"))).length).toBe(4);
    expect(reads).toEqual(["small>0"]);

    // Fifteen items: answered whole, every time read afresh, and "small" stays.
    expect((await held.read("huge", at("huge"))).map((i) => i.seq)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    await held.read("huge", at("huge"));
    await held.read("small", at("small"));
    expect(reads).toEqual(["small>0", "huge>0", "huge>0"]);

    // 4 + 5 fit; one more item than the budget drops the least recently read ("small").
    await held.read("other", at("other"));
    logs.other = 7;
    await held.read("other", at("other"));
    await held.read("small", at("small"));
    expect(reads).toEqual(["small>0", "huge>0", "huge>0", "other>0", "other>5", "small>0"]);
  });
});
