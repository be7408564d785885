// Socket transport for agreements: validate, build the actor from the session and
// database, call the agreement service, ack its result.
import { clientEvents } from "../../lib/contract/events";
import type { Actor } from "../domain/authorization";
import type { AgreementService } from "../rooms/agreement.service";
import type { Logger } from "../logger";
import { handleEvent } from "./handler";
import type { ParleySocket } from "./socket-server";

export function registerAgreementHandlers(socket: ParleySocket, agreements: AgreementService, logger: Logger, actor: (exerciseId: string) => Promise<Actor>): void {
  const log = logger.child({ socket: socket.id, user: socket.data.user.userId });
  const joined = (exerciseId: string) => Boolean(socket.data.seats[exerciseId]);
  const notJoined = { ok: false as const, code: "forbidden" as const, message: "Join the exercise first (exercise:join)" };

  socket.on("agreement:create", handleEvent(clientEvents["agreement:create"], log, "agreement:create", async (input) => (joined(input.exerciseId) ? agreements.create(await actor(input.exerciseId), input) : notJoined)));
  socket.on(
    "agreement:propose",
    handleEvent(clientEvents["agreement:propose"], log, "agreement:propose", async ({ reason, ...input }) =>
      joined(input.exerciseId) ? agreements.propose(await actor(input.exerciseId), { ...input, ...(reason ? { reason } : {}) }) : notJoined,
    ),
  );
  socket.on("agreement:decide", handleEvent(clientEvents["agreement:decide"], log, "agreement:decide", async (input) => (joined(input.exerciseId) ? agreements.decide(await actor(input.exerciseId), input) : notJoined)));
  socket.on("agreement:table", handleEvent(clientEvents["agreement:table"], log, "agreement:table", async (input) => (joined(input.exerciseId) ? agreements.table(await actor(input.exerciseId), input) : notJoined)));
  socket.on("agreement:sign", handleEvent(clientEvents["agreement:sign"], log, "agreement:sign", async (input) => (joined(input.exerciseId) ? agreements.sign(await actor(input.exerciseId), input) : notJoined)));
  socket.on("agreement:close", handleEvent(clientEvents["agreement:close"], log, "agreement:close", async (input) => (joined(input.exerciseId) ? agreements.close(await actor(input.exerciseId), input) : notJoined)));
}
