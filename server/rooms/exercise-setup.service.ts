// Setting an exercise up and opening it: the standing channels at creation, the lobby and
// its join code, and declassifying a backchannel for the debrief. These were routes'
// own appends once; now they are commands like any other (the exercise's lock, the
// commit, publishing), so their events reach open sockets live and every node reloads.
// The routes authorize the caller (exercise:manage) before calling.
import { fail, ok, type Result } from "../../lib/contract/result";
import type { Actor } from "../domain/authorization";
import { debriefPolicy, oversees, seatOf } from "../domain/visibility";
import type { Scenario } from "../../lib/scenario/scenario.schema";
import { newJoinCode } from "../auth/join-code";
import type { RoomCore, RoomDeps } from "./room-core";

export type DeclassifyOutcome = "ok" | "not_found" | "not_opened";

export function createExerciseSetup(deps: RoomDeps, core: RoomCore) {
  const { rooms } = deps;

  return {
    /** Records the exercise's creation with its standing channels: plenary and announcements for every role, one team channel per delegation. */
    async created(
      actor: Actor,
      exerciseId: string,
      scenario: Scenario,
      source: { slug: string; contentHash: string },
    ): Promise<Result<{ id: string }>> {
      return core.command({
        actor,
        exerciseId,
        key: `exercise:created`,
        replay: () => ok({ id: exerciseId }),
        run: async (r) => {
          const all = scenario.roles.map((x) => x.key);
          await core.commit(
            r,
            {
              exerciseId,
              type: "exercise.created",
              actor: { userId: actor.userId },
              visibility: { kind: "staff" },
              payload: { scenario: source.slug, contentHash: source.contentHash },
              idempotencyKey: "exercise:created",
            },
            async (tx, seq) => {
              const plenary = await rooms.createChannel(tx, { exerciseId, kind: "plenary", name: "Plenary", seq });
              await rooms.addMembers(tx, plenary, all, seq);
              const announcements = await rooms.createChannel(tx, { exerciseId, kind: "announcements", name: "Announcements", seq });
              await rooms.addMembers(tx, announcements, all, seq);
              for (const role of scenario.roles) {
                const team = await rooms.createChannel(tx, {
                  exerciseId,
                  kind: "team",
                  name: `${role.name} delegation`,
                  roleKey: role.key,
                  seq,
                });
                await rooms.addMembers(tx, team, [role.key], seq);
              }
            },
            () => undefined,
          );
          // The channels were made in storage: the live copy reads them.
          await r.reload();
          r.stateChanged();
          return ok({ id: exerciseId });
        },
      });
    },

    async openLobby(actor: Actor, exerciseId: string): Promise<Result<{ joinCode: string }>> {
      return core.command({
        actor,
        exerciseId,
        key: null,
        run: async (r) => {
          if (r.status !== "draft") return fail("conflict", `The exercise is already ${r.status}`);
          const joinCode = newJoinCode();
          await core.commit(
            r,
            { exerciseId, type: "exercise.lobby-opened", actor: { userId: actor.userId }, visibility: { kind: "exercise" }, payload: {} },
            async (tx) => {
              await rooms.saveRunState(tx, exerciseId, { status: "lobby" });
              await rooms.setJoinCode(tx, exerciseId, joinCode);
            },
            () => {
              r.status = "lobby";
              core.publishChannels(
                r,
                r.scenario.roles.map((x) => x.key),
              );
            },
          );
          return ok({ joinCode });
        },
      });
    },

    /** A new join code; the old one stops working (after removing someone, for instance). */
    async rotateJoinCode(actor: Actor, exerciseId: string, hasCode: boolean): Promise<Result<{ joinCode: string }>> {
      return core.command({
        actor,
        exerciseId,
        key: null,
        run: async (r) => {
          if (!hasCode || r.status === "ended") return fail("conflict", "The exercise has no open lobby");
          const joinCode = newJoinCode();
          await core.commit(
            r,
            { exerciseId, type: "exercise.join-code-rotated", actor: { userId: actor.userId }, visibility: { kind: "staff" }, payload: {} },
            (tx) => rooms.setJoinCode(tx, exerciseId, joinCode),
            null,
          );
          return ok({ joinCode });
        },
      });
    },

    /**
     * Opens a backchannel to every role's debrief (or closes it again). While the exercise
     * runs, only a backchannel the facilitator has opened (audited) may be declassified.
     */
    async declassify(actor: Actor, exerciseId: string, channelId: string, on: boolean): Promise<DeclassifyOutcome> {
      const result = await core.command<DeclassifyOutcome>({
        actor,
        exerciseId,
        key: null,
        run: async (r) => {
          const channel = r.channels.get(channelId);
          if (!channel || channel.kind !== "backchannel") return ok("not_found");
          if (on && debriefPolicy(r.status) === "debrief-running" && !oversees(r, seatOf(actor), actor.userId, channelId))
            return ok("not_opened");
          await core.commit(
            r,
            {
              exerciseId,
              type: on ? "channel.declassified" : "channel.reclassified",
              actor: { userId: actor.userId },
              visibility: { kind: "staff" },
              payload: { channelId, channelName: channel.name },
            },
            (tx) => rooms.setDeclassified(tx, channelId, on),
            // The live rooms do not hold it: only the debrief reads it.
            null,
          );
          return ok("ok");
        },
      });
      return result.ok ? result.data : "not_found";
    },
  };
}
export type ExerciseSetup = ReturnType<typeof createExerciseSetup>;
