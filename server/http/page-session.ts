import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getAppContext } from "../app-context";
import type { SessionUser } from "../auth/session-token";
import { actorFor } from "./api";
import type { Actor } from "../domain/authorization";

/** The signed-in user of the page request, or null. */
export async function pageUser(): Promise<SessionUser | null> {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  return getAppContext().sessions.fromCookieHeader(header);
}

/** Unauthenticated page requests go to sign-in and come back afterwards. */
export async function requirePageActor(callbackUrl: string, exerciseId?: string): Promise<{ user: SessionUser; actor: Actor }> {
  const user = await pageUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  const actor = await actorFor(getAppContext(), user, exerciseId);
  if (!actor) redirect(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  return { user, actor };
}
