// The messages a database holds: the exercise log's message.sent events (there is no other
// record of them), as tests check them after a crash, a failover or a restore.
import type { Db } from "../../server/db/client";

export interface StoredMessage {
  exerciseId: string;
  seq: number;
  channelId: string | null;
  authorUserId: string | null;
  roleKey: string | null;
  body: string;
  createdAt: Date;
}

export async function storedMessages(
  db: Db,
  where: { exerciseId?: string; channelId?: string; authorUserId?: string } = {},
): Promise<StoredMessage[]> {
  const rows = await db.exerciseEvent.findMany({
    where: {
      type: "message.sent",
      ...(where.exerciseId ? { exerciseId: where.exerciseId } : {}),
      ...(where.channelId ? { channelId: where.channelId } : {}),
      ...(where.authorUserId ? { actorUserId: where.authorUserId } : {}),
    },
    orderBy: [{ exerciseId: "asc" }, { seq: "asc" }],
  });
  return rows.map((r) => ({
    exerciseId: r.exerciseId,
    seq: r.seq,
    channelId: r.channelId,
    authorUserId: r.actorUserId,
    roleKey: r.actorRoleKey,
    body: (JSON.parse(r.payload) as { body: string }).body,
    createdAt: r.createdAt,
  }));
}
