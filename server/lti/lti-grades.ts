// The assessment service's grade port, served by the LTI tool: released scores go to the
// course's line item, and each person's last outcome comes back for the desk.
import type { GradePassback } from "../assessment/grade-passback";
import type { LtiService } from "./lti.service";

export function ltiGrades(lti: LtiService): GradePassback {
  return {
    linkOf: (exerciseId) => lti.linkOf(exerciseId),
    postScore: (score) => lti.postScore(score),
    async statuses(exerciseId) {
      const rows = await lti.gradeStatuses(exerciseId);
      return new Map(
        [...rows].map(([userId, g]) => [
          userId,
          { status: g.status, attempts: g.attempts, lastError: g.lastError, sentAt: g.sentAt?.toISOString() ?? null },
        ]),
      );
    },
  };
}
