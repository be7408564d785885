// Where released scores go: the LMS the exercise was placed from (server/lti/lti-grades.ts).
// The assessment service sees only this port, so assessing works without any LMS.

export interface GradeStatus {
  /** "pending" | "sent" | "failed" */
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

export interface ScoreToSend {
  assessmentId: string;
  exerciseId: string;
  userId: string;
  scoreGiven: number;
  scoreMaximum: number;
  comment?: string;
}

export interface GradePassback {
  linkOf(exerciseId: string): Promise<{ platformName: string; contextTitle: string | null } | null>;
  postScore(score: ScoreToSend): Promise<unknown>;
  /** The last outcome per person (user id). */
  statuses(exerciseId: string): Promise<Map<string, GradeStatus>>;
}
