// `npm start`, the systemd unit, the browser tests and the load benchmark run the same
// compiled server with the same Node flags (scripts/build-server.mjs says which).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_ENTRIES, SERVER_NODE_FLAGS } from "../../scripts/build-server.mjs";

const root = join(import.meta.dirname, "../..");
const command = [...SERVER_NODE_FLAGS, "dist/main.mjs"].join(" ");

describe("the server's start command", () => {
  it("compiles server/main.ts to the file the start command runs", () => {
    expect(SERVER_ENTRIES.main).toBe("server/main.ts");
  });

  it("is the same in npm start and in the systemd unit", () => {
    const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(scripts.start).toMatch(new RegExp(`(^| )node ${command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    const unit = readFileSync(join(root, "docs/parley.service"), "utf8");
    expect(unit).toContain(`\nExecStart=/usr/bin/node ${command}\n`);
  });
});
