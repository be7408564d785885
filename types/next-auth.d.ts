import type { SystemRole } from "@/server/domain/authorization";

declare module "next-auth" {
  interface User {
    role?: SystemRole;
    exerciseId?: string | null;
    /** Single sign-on: whether the provider verified the email, and the user's groups. */
    ssoEmailVerified?: boolean;
    groups?: string[];
  }
  interface Session {
    user: { id: string; name: string; role: SystemRole; exerciseId: string | null };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: SystemRole;
    exerciseId?: string | null;
    /** When the user signed in (s); kept when next-auth re-mints the token. */
    authTime?: number;
  }
}
