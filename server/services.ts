import type { Db } from "./db/client";
import { createChannelRepository, type ChannelRepository } from "./storage/channel.repository";
import { createExerciseLogRepository, type ExerciseLogRepository, type LogOptions } from "./storage/exercise-log.repository";
import { createExerciseRepository, type ExerciseRepository } from "./storage/exercise.repository";
import { createScenarioRepository, type ScenarioRepository } from "./storage/scenario.repository";
import { createUserRepository, type UserRepository } from "./storage/user.repository";
import { createAssignmentRepository, type AssignmentRepository } from "./storage/assignment.repository";
import { createRoomRepository, type RoomRepository } from "./storage/room.repository";
import { createAgreementRepository, type AgreementRepository } from "./storage/agreement.repository";
import { createAuditRepository, type AuditRepository } from "./storage/audit.repository";

export interface Services {
  users: UserRepository;
  scenarios: ScenarioRepository;
  exercises: ExerciseRepository;
  channels: ChannelRepository;
  log: ExerciseLogRepository;
  assignments: AssignmentRepository;
  rooms: RoomRepository;
  agreements: AgreementRepository;
  audit: AuditRepository;
}

/** `log.writer`: the log's direct write path; without it every append goes through Prisma. */
export function createServices(db: Db, log: LogOptions = {}): Services {
  return {
    users: createUserRepository(db),
    scenarios: createScenarioRepository(db),
    exercises: createExerciseRepository(db),
    channels: createChannelRepository(db),
    log: createExerciseLogRepository(db, log),
    assignments: createAssignmentRepository(db),
    rooms: createRoomRepository(db),
    agreements: createAgreementRepository(db),
    audit: createAuditRepository(db),
  };
}
