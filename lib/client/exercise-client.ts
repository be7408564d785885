// The only thing in the browser that talks to the socket (tests use it too). It joins an
// exercise and pages through its catch-up (live events wait until it is complete, so
// they are handed on in order), keeps the last sequence number seen, re-joins after a
// reconnect asking only for what came after it, starts over when the seat changes, and
// drops anything seen twice. Every command goes through one outbox: sent in order, each
// with a client key kept across resends, resent after a reconnect or a missing ack,
// messages kept in browser storage until acknowledged. It also keeps the one copy of
// the run state (status, phase, clock), the roster and the connection's truth.
import type { Socket } from "socket.io-client";
import type {
  ChannelDto,
  ClientToServerEvents,
  ClockDto,
  EventDto,
  JoinAlarmDto,
  JoinedExercise,
  PresenceDto,
  RosterDto,
  ServerToClientEvents,
  TypingDto,
} from "../contract/events";
import type { Result } from "../contract/result";
import { newClientKey, type CommandData, type CommandInput, type CommandName } from "./commands";
import { ConnectionMonitor, DEFAULT_HEARTBEAT, type Connection, type HeartbeatTiming } from "./connection";
import { Outbox, type KeyValueStore, type OutboxEntry } from "./outbox";

export { newClientKey } from "./commands";
export type { Connection } from "./connection";
export type { OutboxEntry } from "./outbox";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RunState {
  status: string;
  phaseIndex: number;
  clock: ClockDto | null;
  /** Server time minus local time, so every client counts down from the server's clock. */
  offset: number;
}

export interface ExerciseClientHandlers {
  onEvent?(event: EventDto): void;
  onChannels?(channels: ChannelDto[]): void;
  onJoined?(joined: JoinedExercise): void;
  onError?(result: Extract<Result<unknown>, { ok: false }>): void;
  /** The seat changed: everything handed on so far is void; a fresh catch-up follows. */
  onReset?(): void;
  onRun?(run: RunState): void;
  onRoster?(roster: RosterDto): void;
  onPresence?(online: PresenceDto["online"]): void;
  onTyping?(typing: TypingDto): void;
  /** The outbox changed: what is waiting, in order. */
  onOutbox?(entries: readonly OutboxEntry[]): void;
  onConnection?(connection: Connection): void;
  /** Back online and the outbox is empty again: how many messages went out meanwhile. */
  onRecovered?(sent: number): void;
  /** The facilitator removed this person from the exercise. */
  onRemoved?(): void;
  /** The server is shutting down and closes this socket in about `reconnectInMs`; nothing to do (the client reconnects and resends), but a page may say so. */
  onDraining?(notice: { reconnectInMs: number }): void;
  /** The exercise was deleted; the socket closes next. */
  onDeleted?(): void;
  /** Staff: the exercise's join code is being mistyped. */
  onJoinAlarm?(alarm: JoinAlarmDto): void;
}

export interface ExerciseClientTiming {
  /** How long a command waits for its ack before trying again. */
  ackTimeoutMs: number;
  /** After the server could not take a command (`internal`, or no ack), try again this much later. */
  retryMs: number;
  /** The client's own ping; null leaves it to Socket.io (tests with fake timing). */
  heartbeat?: HeartbeatTiming | null;
}

const DEFAULT_TIMING: ExerciseClientTiming = { ackTimeoutMs: 5_000, retryMs: 500, heartbeat: DEFAULT_HEARTBEAT };

export interface ExerciseClientOptions {
  /** Where unacknowledged messages survive a reload (the browser's localStorage). */
  storage?: KeyValueStore | null;
}

export class ExerciseClient {
  lastSeq = 0;
  run: RunState = { status: "", phaseIndex: 0, clock: null, offset: 0 };
  private readonly seen = new Set<number>();
  private readonly outbox: Outbox;
  private readonly monitor: ConnectionMonitor;
  private joining: Promise<void> | null = null;
  private joinedOnce = false;
  /** Live events that arrive while a catch-up is being paged in. */
  private held: EventDto[] | null = null;
  private inFlight = false;
  /** Messages acknowledged since the connection was last lost (null while online throughout). */
  private sentSinceOffline: number | null = null;

  constructor(
    private readonly socket: ClientSocket,
    readonly exerciseId: string,
    private readonly handlers: ExerciseClientHandlers = {},
    private readonly timing: ExerciseClientTiming = DEFAULT_TIMING,
    options: ExerciseClientOptions = {},
  ) {
    this.outbox = new Outbox(options.storage ?? null, () => handlers.onOutbox?.(this.outbox.entries));
    socket.on("exercise:event", (event) => {
      if (event.exerciseId !== exerciseId) return;
      if (this.held) this.held.push(event);
      else this.accept(event);
    });
    socket.on("exercise:channels", (update) => {
      if (update.exerciseId === exerciseId) handlers.onChannels?.(update.channels);
    });
    socket.on("exercise:seat-changed", (change) => {
      if (change.exerciseId === exerciseId) this.reset();
    });
    socket.on("exercise:roster", (update) => {
      if (update.exerciseId === exerciseId) handlers.onRoster?.(update.roster);
    });
    socket.on("exercise:removed", (notice) => {
      if (notice.exerciseId === exerciseId) handlers.onRemoved?.();
    });
    socket.on("exercise:deleted", (notice) => {
      if (notice.exerciseId === exerciseId) handlers.onDeleted?.();
    });
    socket.on("system:draining", (notice) => handlers.onDraining?.(notice));
    socket.on("exercise:join-alarm", ({ exerciseId: id, ...alarm }) => {
      if (id === exerciseId) handlers.onJoinAlarm?.(alarm);
    });
    socket.on("presence:update", (presence) => {
      if (presence.exerciseId === exerciseId) handlers.onPresence?.(presence.online);
    });
    socket.on("typing:update", (typing) => {
      if (typing.exerciseId === exerciseId) handlers.onTyping?.(typing);
    });
    socket.on("connect", () => this.rejoin());
    this.monitor = new ConnectionMonitor(
      socket,
      (state) => this.connectionChanged(state),
      timing.heartbeat === undefined ? DEFAULT_HEARTBEAT : timing.heartbeat,
    );
    if (socket.connected) this.rejoin();
  }

  get connection(): Connection {
    return this.monitor.state;
  }

  /** Commands not yet acknowledged (failed messages excluded). */
  get unacknowledged(): number {
    return this.outbox.unanswered;
  }

  get pending(): readonly OutboxEntry[] {
    return this.outbox.entries;
  }

  /** Stops the heartbeat (the socket itself is the caller's). */
  close(): void {
    this.monitor.stop();
  }

  /** A join started by the socket itself: if the connection drops before the ack, the
   * next "connect" starts another one, so the rejected ack is expected, not an error. */
  private rejoin(): void {
    this.join().catch(() => undefined);
  }

  /** The seat changed (docs/protocol.md): forget everything and join from 0. */
  private reset(): void {
    this.seen.clear();
    this.lastSeq = 0;
    this.handlers.onReset?.();
    const again = () => this.rejoin();
    if (this.joining) void this.joining.finally(again);
    else again();
  }

  /** Joins (or re-joins after a reconnect) and catches up from the last seen seq, page by page. */
  join(): Promise<void> {
    this.joining ??= (async () => {
      this.held = [];
      try {
        const result = await this.socket.emitWithAck("exercise:join", { exerciseId: this.exerciseId, afterSeq: this.lastSeq });
        if (!result.ok) {
          this.handlers.onError?.(result);
          return;
        }
        let page: { events: EventDto[]; more: boolean } = result.data;
        let cursor = this.lastSeq;
        for (;;) {
          for (const event of page.events) this.accept(event);
          cursor = page.events.at(-1)?.seq ?? cursor;
          if (!page.more) break;
          const next = await this.socket.emitWithAck("exercise:history", { exerciseId: this.exerciseId, afterSeq: cursor });
          if (!next.ok) {
            this.handlers.onError?.(next);
            return;
          }
          page = next.data;
        }
        this.release();
        const joined = result.data;
        this.setRun({ status: joined.status, phaseIndex: joined.phaseIndex, clock: joined.clock, offset: joined.serverTime - Date.now() });
        this.handlers.onJoined?.(joined);
        this.handlers.onChannels?.(joined.channels);
        this.handlers.onRoster?.(joined.roster);
        if (!this.joinedOnce) {
          this.joinedOnce = true;
          this.outbox.restore(`parley:outbox:${this.exerciseId}:${joined.you.userId}`);
        }
      } finally {
        this.release();
        this.joining = null;
      }
      this.pump();
    })();
    return this.joining;
  }

  // ---- Commands ----

  /** A message to a channel, sent until acknowledged (with a key chosen once). */
  send(channelId: string, body: string, clientKey = newClientKey()): Promise<Result<{ seq: number; at: string }>> {
    return this.command("message:send", { channelId, body }, clientKey);
  }

  /** Any command: queued in order, sent when connected, resent with its key until answered. */
  command<E extends CommandName>(name: E, input: CommandInput<E>, clientKey = newClientKey()): Promise<Result<CommandData<E>>> {
    const entry: OutboxEntry = { key: clientKey, name, input: { ...input }, state: "queued", createdAt: Date.now() };
    const answered = this.outbox.add(entry);
    this.pump();
    // The outbox holds every command's answer untyped; the server answers each with its own type.
    return answered as Promise<Result<CommandData<E>>>;
  }

  /** Sends a failed message again, with its original key. */
  retry(clientKey: string): void {
    const entry = this.outbox.entries.find((e) => e.key === clientKey && e.state === "failed");
    if (!entry) return;
    void this.outbox.add(entry);
    this.pump();
  }

  /** Gives up on a failed message. */
  discard(clientKey: string): void {
    this.outbox.discard(clientKey);
  }

  /** Tells the channel this person is or stopped typing (volatile: never queued). */
  typing(channelId: string, typing: boolean): void {
    if (this.socket.connected) this.socket.emit("typing:set", { exerciseId: this.exerciseId, channelId, typing });
  }

  /**
   * Opens a backchannel for reading (staff; observers when allowed). The server audits the
   * opening; the answer is the channel's whole history, fetched page by page.
   */
  async oversee(channelId: string): Promise<Result<EventDto[]>> {
    const first = await this.socket.emitWithAck("oversight:open", { exerciseId: this.exerciseId, channelId });
    if (!first.ok) return first;
    const events = [...first.data.events];
    let more = first.data.more;
    while (more) {
      const next = await this.socket.emitWithAck("oversight:history", {
        exerciseId: this.exerciseId,
        channelId,
        afterSeq: events.at(-1)?.seq ?? 0,
      });
      if (!next.ok) return next;
      events.push(...next.data.events);
      more = next.data.more;
    }
    return { ok: true, data: events };
  }

  // ---- The outbox's sender ----

  /** Sends the oldest waiting command, if connected, joined and nothing is in flight. */
  private pump(): void {
    if (this.inFlight || this.joining || !this.socket.connected || !this.joinedOnce) return;
    const entry = this.outbox.next();
    if (!entry) return this.maybeRecovered();
    this.inFlight = true;
    this.outbox.mark(entry.key, "sending");
    void this.attempt(entry).finally(() => {
      this.inFlight = false;
      this.pump();
    });
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    let result: Result<unknown>;
    try {
      result = await this.emitCommand(entry);
    } catch {
      // No ack in time: if still connected, the server is slow (or lost it): send again
      // with the same key; if disconnected, the reconnect's join resends it.
      return this.retryLater(entry);
    }
    if (!result.ok && result.code === "internal") return this.retryLater(entry);
    if (result.ok && entry.name === "message:send" && this.sentSinceOffline !== null) this.sentSinceOffline++;
    this.outbox.settle(entry.key, result);
  }

  /** The one place a command reaches the socket; the contract types each event's payload. */
  private emitCommand(entry: OutboxEntry): Promise<Result<unknown>> {
    // Socket.io types each event by name; the outbox holds many kinds, each checked by the
    // server against the contract, so the emit itself is untyped here and only here.
    const socket = this.socket.timeout(this.timing.ackTimeoutMs) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<Result<unknown>>;
    };
    return socket.emitWithAck(entry.name, { ...entry.input, exerciseId: this.exerciseId, clientKey: entry.key });
  }

  /** The server failed or did not answer, not the command: try again shortly. */
  private retryLater(entry: OutboxEntry): Promise<void> {
    this.outbox.mark(entry.key, "queued");
    return new Promise((resolve) => setTimeout(resolve, this.timing.retryMs));
  }

  private connectionChanged(state: Connection): void {
    if (state === "offline") this.sentSinceOffline ??= 0;
    this.handlers.onConnection?.(state);
    if (state === "online") this.pump();
  }

  private maybeRecovered(): void {
    if (this.sentSinceOffline === null || this.monitor.state !== "online" || this.outbox.unanswered > 0) return;
    const sent = this.sentSinceOffline;
    this.sentSinceOffline = null;
    this.handlers.onRecovered?.(sent);
  }

  // ---- Events ----

  /** Hands on the live events held during a catch-up, in order. */
  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held.sort((a, b) => a.seq - b.seq)) this.accept(event);
  }

  private accept(event: EventDto): void {
    if (this.seen.has(event.seq)) return;
    this.seen.add(event.seq);
    this.lastSeq = Math.max(this.lastSeq, event.seq);
    // Status, phase and clock changes carry the run state they lead to.
    if (event.type === "exercise.status" || event.type === "exercise.phase" || event.type === "exercise.extended") {
      const p = event.payload;
      // The offset comes from the join's answer: a caught-up event's server time is old.
      this.setRun({ status: p.status, phaseIndex: p.phaseIndex, clock: p.clock, offset: this.run.offset });
    }
    this.handlers.onEvent?.(event);
  }

  private setRun(run: RunState): void {
    this.run = run;
    this.handlers.onRun?.(run);
  }
}
