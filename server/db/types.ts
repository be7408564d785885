import type { Prisma } from "./generated/sqlite/client";
import type { Db } from "./client";

/** A Prisma client or the transaction client passed to $transaction callbacks. */
export type DbOrTx = Db | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;
