// Exercises placed in courses, with the service endpoints their launches announce (the
// grade column, the roster). Launches keep these up to date: a platform may move them.
import type { Db } from "../db/client";

export interface ResourceLink {
  id: string;
  platformId: string;
  deploymentId: string;
  contextId: string;
  contextTitle: string | null;
  resourceLinkId: string | null;
  exerciseId: string;
  lineItemUrl: string | null;
  lineItemsUrl: string | null;
  membershipsUrl: string | null;
}

export interface NewResourceLink {
  platformId: string;
  deploymentId: string;
  contextId: string;
  contextTitle: string | null;
  exerciseId: string;
  lineItemsUrl: string | null;
  membershipsUrl: string | null;
}

export type LinkServices = Partial<
  Pick<ResourceLink, "resourceLinkId" | "contextTitle" | "lineItemUrl" | "lineItemsUrl" | "membershipsUrl">
>;

export function createResourceLinks(db: Db) {
  return {
    forExercise(exerciseId: string): Promise<ResourceLink | null> {
      return db.ltiResourceLink.findUnique({ where: { exerciseId } });
    },
    byResourceLinkId(platformId: string, resourceLinkId: string): Promise<ResourceLink | null> {
      return db.ltiResourceLink.findFirst({ where: { platformId, resourceLinkId } });
    },
    create(link: NewResourceLink): Promise<ResourceLink> {
      return db.ltiResourceLink.create({ data: link });
    },
    /** Records what a launch announced; fields it left out stay as they were. */
    async record(id: string, services: LinkServices): Promise<void> {
      const data = Object.fromEntries(Object.entries(services).filter(([, v]) => v !== undefined && v !== null));
      if (Object.keys(data).length > 0) await db.ltiResourceLink.update({ where: { id }, data });
    },
  };
}
export type ResourceLinks = ReturnType<typeof createResourceLinks>;
