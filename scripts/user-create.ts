// npm run user:create -- --email ana@example.edu --role admin [--name "Ana"]
// The password comes from PARLEY_PASSWORD or is asked for (not echoed); never an argument
// in shell history, never logged.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { parseEnv } from "../server/config/env";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { createLogger } from "../server/logger";
import { createAccount } from "../server/auth/accounts";

const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string", default: "facilitator" }, name: { type: "string" } },
});
if (!values.email) {
  process.stderr.write("usage: npm run user:create -- --email <email> [--role admin|facilitator] [--name <name>]\n");
  process.exit(2);
}

async function askPassword(): Promise<string> {
  if (process.env.PARLEY_PASSWORD) return process.env.PARLEY_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write("Password (10+ characters): ");
  const muted = rl as unknown as { _writeToOutput: (s: string) => void };
  muted._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stderr.write("\n");
  return answer;
}

const env = parseEnv(process.env);
const root = join(import.meta.dirname, "..");
await migrateDatabase(env.DATABASE_URL, root, createLogger("silent"));
const db = await openDatabase(env.DATABASE_URL);
const result = await createAccount(db.prisma, {
  email: values.email,
  displayName: values.name ?? values.email.split("@")[0] ?? values.email,
  password: await askPassword(),
  role: values.role === "admin" ? "admin" : "facilitator",
});
await db.close();
if (!result.ok) {
  process.stderr.write(`Could not create the account: ${result.message}\n`);
  process.exit(1);
}
process.stdout.write(`Created ${values.role} account ${values.email}\n`);
