"use client";

// Connects a page (room, console, lobby) to Parley's socket server through the shared
// ExerciseClient, the only thing that talks to the socket: one event stream, one copy
// of the run state, the roster and the outbox, and the connection's truth.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { ExerciseClient, type Connection, type OutboxEntry, type RunState } from "@/lib/client/exercise-client";
import type { CommandData, CommandInput, CommandName } from "@/lib/client/commands";
import type {
  ChannelDto,
  ClientToServerEvents,
  EventDto,
  JoinAlarmDto,
  JoinedExercise,
  PresenceDto,
  RosterDto,
  ServerToClientEvents,
} from "@/lib/contract/events";
import type { Result } from "@/lib/contract/result";

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type { Connection } from "@/lib/client/exercise-client";

const NOT_CONNECTED = { ok: false as const, code: "internal" as const, message: "Something went wrong on the server; nothing was changed" };

export function useExercise(exerciseId: string) {
  const router = useRouter();
  const [events, setEvents] = useState<EventDto[]>([]);
  const [channels, setChannels] = useState<ChannelDto[]>([]);
  const [joined, setJoined] = useState<JoinedExercise | null>(null);
  const [roster, setRoster] = useState<RosterDto | null>(null);
  const [presence, setPresence] = useState<PresenceDto["online"]>({});
  const [typing, setTyping] = useState<Record<string, string[]>>({});
  const [connection, setConnection] = useState<Connection>("connecting");
  const [outbox, setOutbox] = useState<readonly OutboxEntry[]>([]);
  const [recovered, setRecovered] = useState<number | null>(null);
  const [removed, setRemoved] = useState(false);
  const [deleted, setDeleted] = useState(false);
  /** Staff: the latest word that this exercise's join code is being mistyped. */
  const [joinAlarm, setJoinAlarm] = useState<JoinAlarmDto | null>(null);
  const [run, setRun] = useState<RunState>({ status: "", phaseIndex: 0, clock: null, offset: 0 });
  const t = useTranslations("room");
  const [error, setError] = useState("");
  /** Set when the server refuses the socket for want of a session; shown in the viewer's language. */
  const [sessionEnded, setSessionEnded] = useState(false);
  const clientRef = useRef<ExerciseClient | null>(null);

  useEffect(() => {
    const socket: RoomSocket = io({ transports: ["websocket", "polling"], withCredentials: true });
    socket.on("connect_error", (e) => {
      if (e.message === "unauthenticated") {
        setError("");
        setSessionEnded(true);
      }
    });
    // The server closed this socket (sign-out elsewhere, deactivation, a role change):
    // Socket.io does not come back by itself. Try once: a live session joins again, an
    // ended one is refused as "unauthenticated" and the page says the session has ended.
    socket.on("disconnect", (reason) => {
      if (reason === "io server disconnect") socket.connect();
    });
    const client = new ExerciseClient(
      socket,
      exerciseId,
      {
        onEvent: (event) => setEvents((prev) => [...prev, event]),
        onReset: () => {
          // The seat changed: the page's own parts (brief, permissions) come again from the server.
          setEvents([]);
          router.refresh();
        },
        onChannels: setChannels,
        onRun: setRun,
        onRoster: setRoster,
        onPresence: setPresence,
        onTyping: (change) =>
          setTyping((prev) => {
            const names = new Set(prev[change.channelId] ?? []);
            if (change.typing) names.add(change.name);
            else names.delete(change.name);
            return { ...prev, [change.channelId]: [...names] };
          }),
        onOutbox: (entries) => setOutbox([...entries]),
        onConnection: (state) => {
          setConnection(state);
          if (state === "offline") setRecovered(null);
        },
        onRecovered: (sent) => setRecovered(sent),
        onRemoved: () => setRemoved(true),
        onDeleted: () => setDeleted(true),
        onJoinAlarm: setJoinAlarm,
        onJoined: (j) => {
          setJoined(j);
          setError("");
          setSessionEnded(false);
        },
        onError: (e) => {
          setSessionEnded(false);
          setError(e.message);
        },
      },
      undefined,
      { storage: window.localStorage },
    );
    clientRef.current = client;
    return () => {
      client.close();
      socket.disconnect();
    };
  }, [exerciseId, router]);

  // "Back online" stays a few seconds, then goes.
  useEffect(() => {
    if (recovered === null) return;
    const timer = setTimeout(() => setRecovered(null), 6_000);
    return () => clearTimeout(timer);
  }, [recovered]);

  return useMemo(() => {
    function command<E extends CommandName>(name: E, input: CommandInput<E>): Promise<Result<CommandData<E>>> {
      return clientRef.current?.command(name, input) ?? Promise.resolve(NOT_CONNECTED);
    }
    return {
      events,
      channels,
      joined,
      roster,
      presence,
      typing,
      connection,
      outbox,
      recovered,
      removed,
      deleted,
      joinAlarm,
      dismissJoinAlarm: () => setJoinAlarm(null),
      error: error || (sessionEnded ? t("sessionEnded") : ""),
      status: run.status,
      phaseIndex: run.phaseIndex,
      clock: run.clock,
      offset: run.offset,
      client: clientRef,
      command,
      addEvents: (more: EventDto[]) => setEvents((prev) => mergeEvents(prev, more)),
    };
  }, [
    events,
    channels,
    joined,
    roster,
    presence,
    typing,
    connection,
    outbox,
    recovered,
    removed,
    deleted,
    joinAlarm,
    error,
    sessionEnded,
    t,
    run,
  ]);
}

export type LiveExercise = ReturnType<typeof useExercise>;

/** Adds events not seen yet, keeping sequence order (oversight history arrives apart from the live feed). */
function mergeEvents(prev: EventDto[], more: EventDto[]): EventDto[] {
  const seen = new Set(prev.map((e) => e.seq));
  const added = more.filter((e) => !seen.has(e.seq));
  return added.length === 0 ? prev : [...prev, ...added].sort((a, b) => a.seq - b.seq);
}
