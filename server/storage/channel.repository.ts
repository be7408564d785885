import type { Db } from "../db/client";
import type { Tx } from "../db/types";
import type { Channel } from "../db/generated/sqlite/client";
import type { ChannelWindow } from "../domain/visibility";

import type { ChannelKind } from "../../lib/contract/vocabulary";
export type { ChannelKind };

export interface ChannelRepository {
  open(tx: Tx, input: { exerciseId: string; kind: ChannelKind; name: string; roleKey?: string; openedSeq: number }): Promise<Channel>;
  addMember(tx: Tx, channelId: string, roleKey: string, fromSeq: number): Promise<void>;
  removeMember(tx: Tx, channelId: string, roleKey: string, untilSeq: number): Promise<void>;
  /** The windows during which a role belonged to each channel of an exercise. */
  windowsFor(exerciseId: string, roleKey: string): Promise<ChannelWindow[]>;
  /** Every role's windows in one read (the debrief's figures need them all). */
  windowsByRole(exerciseId: string): Promise<Map<string, ChannelWindow[]>>;
}

export function createChannelRepository(db: Db): ChannelRepository {
  return {
    open(tx, input) {
      return tx.channel.create({ data: input });
    },
    async addMember(tx, channelId, roleKey, fromSeq) {
      await tx.channelMembership.create({ data: { channelId, roleKey, fromSeq } });
    },
    async removeMember(tx, channelId, roleKey, untilSeq) {
      await tx.channelMembership.updateMany({ where: { channelId, roleKey, untilSeq: null }, data: { untilSeq } });
    },
    async windowsByRole(exerciseId) {
      const rows = await db.channelMembership.findMany({
        where: { channel: { exerciseId } },
        orderBy: [{ fromSeq: "asc" }, { id: "asc" }],
      });
      const byRole = new Map<string, ChannelWindow[]>();
      for (const r of rows) {
        const windows = byRole.get(r.roleKey) ?? [];
        windows.push({ channelId: r.channelId, fromSeq: r.fromSeq, ...(r.untilSeq === null ? {} : { untilSeq: r.untilSeq }) });
        byRole.set(r.roleKey, windows);
      }
      return byRole;
    },
    async windowsFor(exerciseId, roleKey) {
      const rows = await db.channelMembership.findMany({
        where: { roleKey, channel: { exerciseId } },
        orderBy: { fromSeq: "asc" },
      });
      return rows.map((r) => ({
        channelId: r.channelId,
        fromSeq: r.fromSeq,
        ...(r.untilSeq === null ? {} : { untilSeq: r.untilSeq }),
      }));
    },
  };
}
