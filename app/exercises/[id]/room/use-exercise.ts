"use client";

// Connects the room page to Parley's socket server through the shared ExerciseClient.
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { ExerciseClient } from "@/lib/client/exercise-client";
import type { ChannelDto, ClientToServerEvents, ClockDto, EventDto, JoinedExercise, PresenceDto, ServerToClientEvents } from "@/lib/contract/events";

export type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Connection = "connecting" | "online" | "offline";

export function useExercise(exerciseId: string) {
  const [events, setEvents] = useState<EventDto[]>([]);
  const [channels, setChannels] = useState<ChannelDto[]>([]);
  const [joined, setJoined] = useState<JoinedExercise | null>(null);
  const [presence, setPresence] = useState<PresenceDto["online"]>({});
  const [typing, setTyping] = useState<Record<string, string[]>>({});
  const [connection, setConnection] = useState<Connection>("connecting");
  const t = useTranslations("room");
  const [error, setError] = useState("");
  /** Set when the server refuses the socket for want of a session; shown in the viewer's language. */
  const [sessionEnded, setSessionEnded] = useState(false);
  const [status, setStatus] = useState<string>("");
  const [phaseIndex, setPhaseIndex] = useState(0);
  const [clock, setClock] = useState<ClockDto | null>(null);
  /** Server time minus local time, so every client counts down from the server's clock. */
  const [offset, setOffset] = useState(0);
  const clientRef = useRef<ExerciseClient | null>(null);
  const socketRef = useRef<RoomSocket | null>(null);

  useEffect(() => {
    const socket: RoomSocket = io({ transports: ["websocket", "polling"], withCredentials: true });
    socketRef.current = socket;
    socket.on("connect", () => setConnection("online"));
    socket.on("disconnect", () => setConnection("offline"));
    socket.on("connect_error", (e) => {
      setConnection("offline");
      if (e.message === "unauthenticated") {
        setError("");
        setSessionEnded(true);
      }
    });
    socket.on("exercise:seat-changed", (c) => c.exerciseId === exerciseId && window.location.reload());
    socket.on("presence:update", (p) => p.exerciseId === exerciseId && setPresence(p.online));
    socket.on("typing:update", (t) => {
      if (t.exerciseId !== exerciseId) return;
      setTyping((prev) => {
        const names = new Set(prev[t.channelId] ?? []);
        if (t.typing) names.add(t.name);
        else names.delete(t.name);
        return { ...prev, [t.channelId]: [...names] };
      });
    });
    clientRef.current = new ExerciseClient(socket, exerciseId, {
      onEvent: (event) => {
        setEvents((prev) => [...prev, event]);
        switch (event.type) {
          case "exercise.status":
          case "exercise.phase":
          case "exercise.extended":
            // Each carries the run state it leads to.
            setStatus(event.payload.status);
            setPhaseIndex(event.payload.phaseIndex);
            setClock(event.payload.clock);
            break;
        }
      },
      onChannels: setChannels,
      onJoined: (j) => {
        setJoined(j);
        setStatus(j.status);
        setPhaseIndex(j.phaseIndex);
        setClock(j.clock);
        setOffset(j.serverTime - Date.now());
        setError("");
        setSessionEnded(false);
      },
      onError: (e) => {
        setSessionEnded(false);
        setError(e.message);
      },
    });
    return () => {
      socket.disconnect();
    };
  }, [exerciseId]);

  return useMemo(
    () => ({ events, channels, joined, presence, typing, connection, error: error || (sessionEnded ? t("sessionEnded") : ""), status, phaseIndex, clock, offset, client: clientRef, socket: socketRef, addEvents: (more: EventDto[]) => setEvents((prev) => mergeEvents(prev, more)) }),
    [events, channels, joined, presence, typing, connection, error, sessionEnded, t, status, phaseIndex, clock, offset],
  );
}

/** Adds events not seen yet, keeping sequence order (oversight history arrives apart from the live feed). */
function mergeEvents(prev: EventDto[], more: EventDto[]): EventDto[] {
  const seen = new Set(prev.map((e) => e.seq));
  const added = more.filter((e) => !seen.has(e.seq));
  return added.length === 0 ? prev : [...prev, ...added].sort((a, b) => a.seq - b.seq);
}
