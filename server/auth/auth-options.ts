// next-auth configuration, built from the server's services. JWT sessions in an
// encrypted cookie; the Socket.io handshake reads the same cookie (session.service.ts).
import type { NextAuthOptions } from "next-auth";
import CredentialsModule from "next-auth/providers/credentials";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Logger } from "../logger";
import { systemRoleSchema } from "../domain/authorization";
import { checkPassword } from "./accounts";
import type { JoinService } from "./join.service";
import type { SessionService } from "./session.service";
import { authTimeOf, nowS, SESSION_MAX_AGE_S } from "./session-token";
import { accountKey, createSignInThrottle, type SignInThrottle } from "./sign-in-throttle";
import { groupsFrom, ssoDecision, type SsoIdentity, type StaffPolicy } from "./oidc-staff";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  /** Who may become a facilitator on first sign-on (server/auth/oidc-staff.ts). */
  staff: StaffPolicy;
}

export interface AuthDeps {
  db: Db;
  secret: string;
  joins: JoinService;
  sessions: SessionService;
  logger: Logger;
  oidc?: OidcSettings;
  /** Counts password attempts; in a cluster, in the Redis the nodes share. Default: in memory. */
  signInThrottle?: SignInThrottle;
  /** Called after a user signs out, to disconnect their sockets. */
  onSignOut(userId: string): void;
  /** Told of every account sign-in, refusal and throttling (the audit trail, last sign-in). */
  signInAudit?(attempt: SignInRecord): Promise<void>;
}

export interface SignInRecord {
  outcome: "signed-in" | "failed" | "throttled";
  email: string;
  userId?: string;
  method?: "password" | "sso";
}

// next-auth v4 ships CommonJS with an `exports.default`; Node's ESM loader (tsx, vitest)
// hands back the whole module object where a bundler would unwrap it.
const Credentials: typeof CredentialsModule =
  (CredentialsModule as unknown as { default?: typeof CredentialsModule }).default ?? CredentialsModule;

/** Set by the custom server from the TCP peer address; clients cannot forge it. */
export const CLIENT_IP_HEADER = "x-parley-client-ip";

const passwordSchema = z.object({ email: z.email(), password: z.string().min(1).max(1024) });

/** Thrown by the jwt callback: next-auth then clears the cookie and answers with no session. */
export class SessionEndedError extends Error {
  override name = "SessionEndedError";
  constructor() {
    super("the session was revoked or is past its maximum age");
  }
}

function clientAddressOf(req: { headers?: Record<string, unknown> } | undefined): string {
  const ip = req?.headers?.[CLIENT_IP_HEADER];
  return typeof ip === "string" ? ip : "unknown";
}

export function buildAuthOptions(deps: AuthDeps): NextAuthOptions {
  const { db, logger } = deps;
  const signIns = deps.signInThrottle ?? createSignInThrottle();
  return {
    secret: deps.secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    logger: {
      error: (code, metadata) => {
        const cause = metadata instanceof Error ? metadata : (metadata as { error?: unknown }).error;
        if (cause instanceof SessionEndedError) return logger.info({ code }, "session ended: revoked or past its maximum age");
        logger.error({ code, err: cause ?? metadata }, "next-auth error");
      },
      warn: (code) => logger.warn({ code }, "next-auth warning"),
      debug: (code) => logger.debug({ code }, "next-auth debug"),
    },
    providers: [
      Credentials({
        id: "password",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const input = passwordSchema.safeParse(credentials);
          if (!input.success) return null;
          const { email, password } = input.data;
          const address = clientAddressOf(req);
          // Logs name the account by a pseudonym: enough to see a run of guesses at one account.
          const who = { account: accountKey(email), address };
          const attempt = await signIns.attempt(email, address);
          if (!attempt.ok) {
            logger.warn(who, "password sign-in throttled");
            await deps.signInAudit?.({ outcome: "throttled", email });
            throw new Error(`rate_limited:${attempt.retryAfterS}`);
          }
          const user = await checkPassword(db, email, password);
          if (!user) {
            logger.info(who, "password sign-in refused");
            await deps.signInAudit?.({ outcome: "failed", email });
            return null;
          }
          await attempt.succeeded();
          await deps.signInAudit?.({ outcome: "signed-in", email, userId: user.id, method: "password" });
          return { id: user.id, name: user.displayName, email: user.email, role: systemRoleSchema.parse(user.systemRole) };
        },
      }),
      Credentials({
        id: "join",
        name: "Join code",
        credentials: { code: { label: "Join code", type: "text" }, displayName: { label: "Your name", type: "text" } },
        async authorize(credentials, req) {
          const result = await deps.joins.join(credentials, clientAddressOf(req));
          if (!result.ok) throw new Error(result.code === "rate_limited" ? `rate_limited:${result.retryAfterS ?? 60}` : result.code);
          return { id: result.user.id, name: result.user.displayName, role: "participant", exerciseId: result.user.exerciseId };
        },
      }),
      ...(deps.oidc ? [oidcProvider(deps.oidc)] : []),
    ],
    callbacks: {
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc" && user && deps.oidc) {
          // Many providers put only `sub` in the ID token and share email and name at userinfo.
          const fromToken = { email: user.email, emailVerified: user.ssoEmailVerified ?? null, groups: user.groups ?? [], name: user.name };
          const info =
            user.email && user.ssoEmailVerified !== undefined
              ? fromToken
              : { ...fromToken, ...(await fetchUserinfo(deps.oidc.issuer, account.access_token, deps.oidc.staff.groupsClaim)) };
          const decision = ssoDecision(info, deps.oidc.staff);
          if (!decision.ok)
            throw new Error(
              decision.reason === "no_email"
                ? "The identity provider did not share an email address"
                : "The identity provider has not verified this email address",
            );
          const stored = await upsertOidcUser(db, decision.email, info.name ?? user.name ?? undefined, decision.mayBeStaff);
          if (!stored) {
            logger.info(
              { account: accountKey(decision.email) },
              "single sign-on refused: not on the staff allowlist, no account, or deactivated",
            );
            await deps.signInAudit?.({ outcome: "failed", email: decision.email, method: "sso" });
            throw new Error("not_staff");
          }
          await deps.signInAudit?.({ outcome: "signed-in", email: decision.email, userId: stored.id, method: "sso" });
          return {
            ...token,
            sub: stored.id,
            name: stored.displayName,
            role: systemRoleSchema.parse(stored.systemRole),
            exerciseId: null,
            authTime: nowS(),
          };
        }
        if (user)
          return { ...token, sub: user.id, role: user.role ?? "participant", exerciseId: user.exerciseId ?? null, authTime: nowS() };
        // Not a sign-in: next-auth is about to re-mint the token with a fresh iat and exp
        // (every /api/auth/session read). Only a live session may be extended, and it
        // keeps the time of its sign-in.
        const authTime = authTimeOf(token);
        if (!token.sub || authTime === undefined || !(await deps.sessions.isLive(token.sub, authTime))) throw new SessionEndedError();
        return { ...token, authTime };
      },
      session({ session, token }) {
        session.user = {
          id: token.sub ?? "",
          name: token.name ?? "",
          role: token.role ?? "participant",
          exerciseId: token.exerciseId ?? null,
        };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.sub) return;
        await deps.sessions.revokeAll(token.sub);
        deps.onSignOut(token.sub);
      },
    },
  };
}

function oidcProvider(oidc: OidcSettings): NextAuthOptions["providers"][number] {
  return {
    id: "oidc",
    name: oidc.name,
    type: "oauth",
    wellKnown: `${oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    idToken: true,
    checks: ["pkce", "state"],
    authorization: { params: { scope: "openid email profile" } },
    profile(profile: { sub: string; email?: string; email_verified?: boolean; name?: string } & Record<string, unknown>) {
      return {
        id: profile.sub,
        email: profile.email ?? null,
        name: profile.name ?? profile.email ?? profile.sub,
        ...(profile.email_verified !== undefined ? { ssoEmailVerified: profile.email_verified === true } : {}),
        groups: groupsFrom(profile, oidc.staff.groupsClaim),
      };
    },
  };
}

const userinfoSchema = z.looseObject({ email: z.email().optional(), email_verified: z.boolean().optional(), name: z.string().optional() });

async function fetchUserinfo(
  issuer: string,
  accessToken: string | undefined,
  groupsClaim: string,
): Promise<SsoIdentity & { name?: string }> {
  if (!accessToken) return {};
  const discovery = z
    .object({ userinfo_endpoint: z.url() })
    .parse(await (await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`)).json());
  const res = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
  if (!res.ok) return {};
  const info = userinfoSchema.parse(await res.json());
  return {
    ...(info.email ? { email: info.email } : {}),
    ...(info.email_verified !== undefined ? { emailVerified: info.email_verified } : {}),
    ...(info.name ? { name: info.name } : {}),
    groups: groupsFrom(info, groupsClaim),
  };
}

/**
 * An existing account (matched by its verified email) signs in with the role it has; a
 * new one is created as a facilitator only when the staff allowlist says so (null: refused).
 */
export async function upsertOidcUser(db: Db, email: string, name: string | undefined, mayBeStaff: boolean) {
  const existing = await db.user.findUnique({ where: { email } });
  if (existing) return existing.deactivatedAt || existing.erasedAt ? null : existing;
  if (!mayBeStaff) return null;
  return db.user.upsert({ where: { email }, create: { email, displayName: name ?? email, systemRole: "facilitator" }, update: {} });
}
