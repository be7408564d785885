// The SQL form of the one rule: a viewer's grants (server/domain/viewer.ts `grantsOf`)
// compiled clause by clause into a filter on ExerciseEvent, so catch-up and every paged
// read ask the database exactly what `canSee` answers in memory (the property tests in
// tests/storage/exercise-log.storage.test.ts compare them on both databases).
import type { Prisma } from "../db/generated/sqlite/client";
import { grantsOf, type Viewer } from "../domain/viewer";

type Where = Prisma.ExerciseEventWhereInput;

export function visibleTo(viewer: Viewer): Where {
  const grants = grantsOf(viewer);
  const clauses: Where[] = [];
  if (grants.exercise) clauses.push({ visibility: "exercise" });
  if (grants.staff) clauses.push({ visibility: "staff" });
  // Audience roles are stored as "|a|b|": one clause per granted role.
  if (grants.roles === "all") clauses.push({ visibility: "roles" });
  else for (const role of grants.roles) clauses.push({ visibility: "roles", audienceRoles: { contains: `|${role}|` } });
  const channels = grants.channels;
  if (channels.all)
    clauses.push(
      channels.except.length === 0 ? { visibility: "channel" } : { visibility: "channel", channelId: { notIn: [...channels.except] } },
    );
  else
    for (const w of channels.windows) {
      clauses.push({
        visibility: "channel",
        channelId: w.channelId,
        seq: w.untilSeq === undefined ? { gte: w.fromSeq } : { gte: w.fromSeq, lt: w.untilSeq },
      });
    }
  // Nothing granted: a filter no row passes.
  return clauses.length === 0 ? { seq: { lt: 0 } } : { OR: clauses };
}
