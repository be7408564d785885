// Socket transport for the facilitator console: run control, injects, announcements,
// oversight of backchannels, roster and settings. Authorization is in the services.
import { clientEvents } from "../../lib/contract/events";
import type { Actor } from "../domain/authorization";
import { handleEvent } from "./handler";
import { oversightRoom } from "./broadcaster";
import type { RoomHandlerDeps } from "./room.handlers";
import type { ParleySocket } from "./socket-server";

export function registerFacilitatorHandlers(socket: ParleySocket, deps: RoomHandlerDeps, actor: (exerciseId: string) => Promise<Actor>): void {
  const { run, oversight, roster } = deps;
  const log = deps.logger.child({ socket: socket.id, user: socket.data.user.userId });
  const on = socket.on.bind(socket);

  on("exercise:set-status", handleEvent(clientEvents["exercise:set-status"], log, "exercise:set-status", async ({ exerciseId, status }) => run.setStatus(await actor(exerciseId), exerciseId, status)));
  on("exercise:set-phase", handleEvent(clientEvents["exercise:set-phase"], log, "exercise:set-phase", async ({ exerciseId, phaseIndex }) => run.setPhase(await actor(exerciseId), exerciseId, phaseIndex)));
  on("exercise:extend", handleEvent(clientEvents["exercise:extend"], log, "exercise:extend", async ({ exerciseId, minutes }) => run.extend(await actor(exerciseId), exerciseId, minutes)));
  on(
    "exercise:settings",
    handleEvent(clientEvents["exercise:settings"], log, "exercise:settings", async ({ exerciseId, observersSeeBackchannels }) =>
      run.setSettings(await actor(exerciseId), exerciseId, { observersSeeBackchannels }),
    ),
  );
  on(
    "inject:release",
    handleEvent(clientEvents["inject:release"], log, "inject:release", async ({ exerciseId, ...input }) =>
      run.releaseInject(await actor(exerciseId), exerciseId, { ...input, ...(input.injectKey ? { injectKey: input.injectKey } : {}) }),
    ),
  );
  on("announcement:send", handleEvent(clientEvents["announcement:send"], log, "announcement:send", async ({ exerciseId, body, roles }) => run.announce(await actor(exerciseId), exerciseId, body, roles)));
  on(
    "oversight:open",
    handleEvent(clientEvents["oversight:open"], log, "oversight:open", async ({ exerciseId, channelId }) =>
      oversight.open(await actor(exerciseId), socket.data.user.name, exerciseId, channelId, () => void socket.join(oversightRoom(exerciseId, channelId))),
    ),
  );
  on("roster:assign", handleEvent(clientEvents["roster:assign"], log, "roster:assign", async ({ exerciseId, userId, roleKey }) => roster.assign(await actor(exerciseId), exerciseId, userId, roleKey)));
  on("roster:remove", handleEvent(clientEvents["roster:remove"], log, "roster:remove", async ({ exerciseId, userId }) => roster.remove(await actor(exerciseId), exerciseId, userId)));
  on("roster:readmit", handleEvent(clientEvents["roster:readmit"], log, "roster:readmit", async ({ exerciseId, userId }) => roster.readmit(await actor(exerciseId), exerciseId, userId)));
  on("roster:add-observer", handleEvent(clientEvents["roster:add-observer"], log, "roster:add-observer", async ({ exerciseId, email }) => roster.addObserver(await actor(exerciseId), exerciseId, email)));
}
