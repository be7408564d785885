// Single sign-on makes facilitators only of people the institution's allowlist names
// (or whose account an administrator made), and only with an email the provider verified.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ssoDecision, groupsFrom, type StaffPolicy } from "../../server/auth/oidc-staff";
import { upsertOidcUser } from "../../server/auth/auth-options";
import { openTestDatabase } from "../helpers/databases";
import type { Database } from "../../server/db/client";

const policy: StaffPolicy = { domains: ["faculty.example.edu"], groups: ["parley-staff"], groupsClaim: "groups" };

describe("who single sign-on lets in as staff", () => {
  it("refuses an email the provider has not verified, or no email at all", () => {
    expect(ssoDecision({ email: "ana@faculty.example.edu", emailVerified: false }, policy)).toEqual({
      ok: false,
      reason: "unverified_email",
    });
    expect(ssoDecision({ email: "ana@faculty.example.edu" }, policy)).toEqual({ ok: false, reason: "unverified_email" });
    expect(ssoDecision({ emailVerified: true }, policy)).toEqual({ ok: false, reason: "no_email" });
  });

  it("names staff by email domain or by group, and nobody else", () => {
    expect(ssoDecision({ email: "Ana@Faculty.Example.edu", emailVerified: true }, policy)).toEqual({
      ok: true,
      email: "ana@faculty.example.edu",
      mayBeStaff: true,
    });
    expect(ssoDecision({ email: "tutor@students.example.edu", emailVerified: true, groups: ["parley-staff"] }, policy)).toMatchObject({
      mayBeStaff: true,
    });
    expect(ssoDecision({ email: "sam@students.example.edu", emailVerified: true, groups: ["students"] }, policy)).toMatchObject({
      mayBeStaff: false,
    });
    expect(groupsFrom({ groups: ["a", 3, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(groupsFrom({ roles: "parley-staff" }, "roles")).toEqual(["parley-staff"]);
  });

  describe("accounts", () => {
    let db: Database;
    beforeAll(async () => {
      db = await openTestDatabase("sqlite");
    });
    afterAll(async () => db.close());

    it("creates no account for someone the allowlist does not name", async () => {
      expect(await upsertOidcUser(db.prisma, "sam@students.example.edu", "Sam", false)).toBeNull();
      expect(await db.prisma.user.count({ where: { email: "sam@students.example.edu" } })).toBe(0);
    });

    it("creates a facilitator for someone it names, and keeps the role of an account an administrator made", async () => {
      expect(await upsertOidcUser(db.prisma, "ana@faculty.example.edu", "Ana", true)).toMatchObject({ systemRole: "facilitator" });
      await db.prisma.user.create({ data: { email: "guest@students.example.edu", displayName: "Guest", systemRole: "admin" } });
      expect(await upsertOidcUser(db.prisma, "guest@students.example.edu", "Guest", false)).toMatchObject({ systemRole: "admin" });
    });
  });
});
