// Names and Role Provisioning Services 2.0: a course's members, page after page (the
// platform links each next page in a Link header).
import { z } from "zod";
import { SCOPE } from "./lti-claims";
import type { Platform } from "./platform.repository";
import { LtiServiceError, type ServiceCalls } from "./service-token";

const MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
/** A guard against a platform that links pages in a circle. */
const MAX_PAGES = 200;

const memberSchema = z.looseObject({
  user_id: z.string().min(1).max(1000),
  roles: z.array(z.string()).default([]),
  status: z.string().default("Active"),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
});
export type Member = z.infer<typeof memberSchema>;

const containerSchema = z.looseObject({ members: z.array(z.unknown()) });

/** The URL of rel="next" in a Link header, if any. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (match?.[1] && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2] ?? "")) return match[1];
  }
  return null;
}

export function createNrpsClient(calls: ServiceCalls) {
  return {
    /** Every member the platform lists; members it sends malformed are skipped. */
    async members(platform: Platform, membershipsUrl: string): Promise<Member[]> {
      const members: Member[] = [];
      let url: string | null = membershipsUrl;
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const res = await calls.call(platform, [SCOPE.memberships], url, { headers: { accept: MEMBERSHIPS } });
        if (!res.ok) throw new LtiServiceError(`The platform refused the course roster (HTTP ${res.status})`);
        const container = containerSchema.safeParse(await res.json().catch(() => null));
        if (!container.success) throw new LtiServiceError("The platform sent a course roster Parley cannot read");
        for (const raw of container.data.members) {
          const member = memberSchema.safeParse(raw);
          if (member.success) members.push(member.data);
        }
        url = nextLink(res.headers.get("link"));
      }
      return members;
    },
  };
}
