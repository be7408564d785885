// Logs never carry emails, passwords, cookies or authorization headers in clear,
// including the log of a refused sign-in.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createAccount } from "../../server/auth/accounts";
import { createLogger } from "../../server/logger";
import { authorizeWith, composeAuthApp } from "../helpers/auth-app";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

describe("log redaction", () => {
  it("redacts email, password, cookie and authorization fields, at the top and one level down", () => {
    const { lines, stream } = capture();
    const logger = createLogger("info", "parley", stream);
    logger.info(
      {
        email: "ana@example.test",
        password: "hunter2-hunter2",
        cookie: "next-auth.session-token=abc.def",
        user: { email: "bea@example.test", passwordHash: "$argon2id$secret" },
        req: { url: "/api/exercises", headers: { cookie: "next-auth.session-token=ghi.jkl", authorization: "Bearer sk-123" } },
        headers: { authorization: "Bearer sk-456" },
      },
      "something happened",
    );
    const line = lines.join("");
    for (const secret of [
      "ana@example.test",
      "hunter2",
      "abc.def",
      "bea@example.test",
      "$argon2id$secret",
      "ghi.jkl",
      "sk-123",
      "sk-456",
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({
      email: "[redacted]",
      user: { email: "[redacted]" },
      req: { url: "/api/exercises", headers: { cookie: "[redacted]" } },
    });
  });

  it("logs a refused sign-in without the email or the password", async () => {
    const { lines, stream } = capture();
    const app = await composeAuthApp({ logger: createLogger("info", "parley", stream) });
    try {
      await createAccount(app.db.prisma, { email: "cal@example.test", displayName: "Cal", password: "correct horse battery staple" });
      expect(await authorizeWith(app, "password")({ email: "Cal@Example.test", password: "wrong password" }, { headers: {} })).toBeNull();
      const refused = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "password sign-in refused");
      expect(refused).toMatchObject({ level: 30, account: expect.any(String) });
      expect(lines.join("").toLowerCase()).not.toContain("cal@example.test");
      expect(lines.join("")).not.toContain("wrong password");
    } finally {
      await app.db.close();
    }
  });
});
