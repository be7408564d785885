import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../server/config/env";

describe("parseEnv", () => {
  it("defaults to SQLite under data/ on port 3000", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, DATABASE_URL: "file:./data/parley.db", MIGRATE_ON_START: true });
  });

  it("accepts a postgresql:// URL and a PORT override", () => {
    expect(parseEnv({ PORT: "8080", DATABASE_URL: "postgresql://u@h:5432/d" })).toMatchObject({ PORT: 8080 });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ DATABASE_URL: "postgresql://u@h/d", REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL"],
    [{ REDIS_URL: "redis://127.0.0.1:6379" }, "DATABASE_URL"],
    [{ DATABASE_URL: "postgresql://u@h/d", REDIS_URL: "redis://127.0.0.1:6379" }, "NEXTAUTH_SECRET"],
  ])("rejects %o with a message naming %s", (env, variable) => {
    expect(() => parseEnv(env)).toThrow(ConfigError);
    expect(() => parseEnv(env)).toThrow(new RegExp(`^[\\s\\S]*${variable}:`));
  });

  it("serves this machine only in production without PUBLIC_URL, and refuses to serve others so", () => {
    expect(parseEnv({ NODE_ENV: "production" })).toMatchObject({ HOST: "127.0.0.1" });
    expect(parseEnv({ NODE_ENV: "production", HOST: "::1" })).toMatchObject({ HOST: "::1" });
    expect(() => parseEnv({ NODE_ENV: "production", HOST: "0.0.0.0" })).toThrow(
      /PUBLIC_URL: production serving other machines \(HOST=0.0.0.0\) needs PUBLIC_URL=https/,
    );
    // An https PUBLIC_URL, or a lab that says so, serves every interface.
    expect(parseEnv({ NODE_ENV: "production", PUBLIC_URL: "https://parley.example.edu" })).toMatchObject({ HOST: "0.0.0.0" });
    expect(parseEnv({ NODE_ENV: "production", ALLOW_HTTP: "true" })).toMatchObject({ HOST: "0.0.0.0" });
    expect(parseEnv({ NODE_ENV: "development" })).toMatchObject({ HOST: "0.0.0.0" });
  });

  it("refuses an http PUBLIC_URL in production unless a lab allows it; localhost and development are fine", () => {
    expect(() => parseEnv({ NODE_ENV: "production", PUBLIC_URL: "http://parley.example.edu" })).toThrow(
      /PUBLIC_URL: production needs an https/,
    );
    expect(parseEnv({ NODE_ENV: "production", PUBLIC_URL: "http://parley.example.edu", ALLOW_HTTP: "true" })).toMatchObject({
      ALLOW_HTTP: true,
    });
    expect(parseEnv({ NODE_ENV: "production", PUBLIC_URL: "https://parley.example.edu" })).toMatchObject({
      PUBLIC_URL: "https://parley.example.edu",
    });
    expect(parseEnv({ NODE_ENV: "production", PUBLIC_URL: "http://localhost:3000" })).toMatchObject({ NODE_ENV: "production" });
    expect(parseEnv({ NODE_ENV: "development", PUBLIC_URL: "http://parley.example.edu" })).toMatchObject({ NODE_ENV: "development" });
  });

  it("enables several nodes with REDIS_URL beside a postgresql:// database", () => {
    expect(
      parseEnv({ DATABASE_URL: "postgresql://u@h/d", REDIS_URL: "redis://127.0.0.1:6379", NEXTAUTH_SECRET: "s".repeat(32) }),
    ).toMatchObject({ REDIS_URL: "redis://127.0.0.1:6379", REDIS_PREFIX: "parley" });
  });
});
