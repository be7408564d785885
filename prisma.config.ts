// Prisma CLI configuration. The provider follows DATABASE_URL (postgresql:// or file:),
// or PRISMA_PROVIDER when set (used to generate both clients in one install).
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/parley.db";
const provider = process.env.PRISMA_PROVIDER ?? (/^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite");

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
