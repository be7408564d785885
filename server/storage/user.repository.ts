import type { Db } from "../db/client";
import type { User } from "../db/generated/sqlite/client";

export interface NewUser {
  displayName: string;
  email?: string;
  passwordHash?: string;
  systemRole?: "admin" | "facilitator" | "observer" | "participant";
  exerciseId?: string;
}

export interface UserRepository {
  create(input: NewUser): Promise<User>;
  find(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  count(): Promise<number>;
}

export function createUserRepository(db: Db): UserRepository {
  return {
    create(input) {
      return db.user.create({ data: { ...input, email: input.email?.toLowerCase() } });
    },
    find(id) {
      return db.user.findUnique({ where: { id } });
    },
    findByEmail(email) {
      return db.user.findUnique({ where: { email: email.toLowerCase() } });
    },
    count() {
      return db.user.count();
    },
  };
}
