import NextAuth from "next-auth";
import { getAppContext } from "@/server/app-context";

type Handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Options come from the running server (its database, secret and providers).
const handler: Handler = (req, ctx) => (NextAuth(getAppContext().authOptions) as Handler)(req, ctx);

export { handler as GET, handler as POST };
