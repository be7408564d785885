import { GET as ready } from "./ready/route";

export const dynamic = "force-dynamic";

/** The health check balancers were pointed at before /ready existed: the same answer. */
export const GET = ready;
