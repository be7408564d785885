// Registered LMS platforms, with their deployment ids parsed from the stored JSON.
import { z } from "zod";
import type { Db } from "../db/client";
import type { PlatformInput } from "./platform.schema";

export interface Platform extends PlatformInput {
  id: string;
  createdAt: Date;
}

const idsSchema = z.array(z.string());

type Row = {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string;
  authLoginUrl: string;
  accessTokenUrl: string;
  jwksUrl: string;
  createdAt: Date;
};

function platformOf(row: Row): Platform {
  return { ...row, deploymentIds: idsSchema.parse(JSON.parse(row.deploymentIds)) };
}

const stored = (input: PlatformInput) => ({ ...input, deploymentIds: JSON.stringify(input.deploymentIds) });

export function createPlatformRepository(db: Db) {
  return {
    async list(): Promise<(Platform & { links: number; identities: number })[]> {
      const rows = await db.ltiPlatform.findMany({
        orderBy: { createdAt: "asc" },
        include: { _count: { select: { links: true, identities: true } } },
      });
      return rows.map(({ _count, ...row }) => ({ ...platformOf(row), links: _count.links, identities: _count.identities }));
    },
    async find(id: string): Promise<Platform | null> {
      const row = await db.ltiPlatform.findUnique({ where: { id } });
      return row ? platformOf(row) : null;
    },
    /** Platforms with this issuer (and client id, when the platform sent one). */
    async byIssuer(issuer: string, clientId?: string): Promise<Platform[]> {
      const rows = await db.ltiPlatform.findMany({ where: { issuer, ...(clientId ? { clientId } : {}) } });
      return rows.map(platformOf);
    },
    async create(input: PlatformInput): Promise<Platform> {
      return platformOf(await db.ltiPlatform.create({ data: stored(input) }));
    },
    async update(id: string, input: PlatformInput): Promise<Platform | null> {
      const { count } = await db.ltiPlatform.updateMany({ where: { id }, data: stored(input) });
      return count === 0 ? null : this.find(id);
    },
    async remove(id: string): Promise<boolean> {
      const { count } = await db.ltiPlatform.deleteMany({ where: { id } });
      return count > 0;
    },
  };
}
export type PlatformRepository = ReturnType<typeof createPlatformRepository>;
