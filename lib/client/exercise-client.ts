// The client side of live delivery, shared by the browser and the tests: joins an
// exercise and pages through its catch-up (live events wait until it is complete, so
// they are handed on in order), keeps the last sequence number seen, re-joins after a
// reconnect asking only for what came after it, starts over from 0 when the seat
// changes, drops anything seen twice, and resends unacknowledged messages with their
// original key until the server acks them.
import type { Socket } from "socket.io-client";
import type { ChannelDto, ClientToServerEvents, EventDto, JoinedExercise, ServerToClientEvents } from "../contract/events";
import type { Result } from "../contract/result";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ExerciseClientHandlers {
  onEvent?(event: EventDto): void;
  onChannels?(channels: ChannelDto[]): void;
  onJoined?(joined: JoinedExercise): void;
  onError?(result: Extract<Result<unknown>, { ok: false }>): void;
  /** The seat changed: everything handed on so far is void; a fresh catch-up follows. */
  onReset?(): void;
}

interface Pending {
  channelId: string;
  body: string;
  clientKey: string;
  resolve(result: Result<{ seq: number; at: string }>): void;
}

export interface ExerciseClientTiming {
  /** How long a send waits for its ack before trying again. */
  ackTimeoutMs: number;
  /** After the server could not take a message (`internal`, or no ack), try again this much later. */
  retryMs: number;
}

const DEFAULT_TIMING: ExerciseClientTiming = { ackTimeoutMs: 5_000, retryMs: 500 };

export function newClientKey(): string {
  return globalThis.crypto.randomUUID();
}

export class ExerciseClient {
  lastSeq = 0;
  private readonly seen = new Set<number>();
  private readonly outbox = new Map<string, Pending>();
  private joining: Promise<void> | null = null;
  /** Live events that arrive while a catch-up is being paged in. */
  private held: EventDto[] | null = null;

  constructor(
    private readonly socket: ClientSocket,
    readonly exerciseId: string,
    private readonly handlers: ExerciseClientHandlers = {},
    private readonly timing: ExerciseClientTiming = DEFAULT_TIMING,
  ) {
    socket.on("exercise:event", (event) => {
      if (event.exerciseId !== exerciseId) return;
      if (this.held) this.held.push(event);
      else this.accept(event);
    });
    socket.on("exercise:seat-changed", (change) => {
      if (change.exerciseId === exerciseId) this.reset();
    });
    socket.on("exercise:channels", (update) => {
      if (update.exerciseId === exerciseId) handlers.onChannels?.(update.channels);
    });
    socket.on("connect", () => this.rejoin());
    if (socket.connected) this.rejoin();
  }

  /** A join started by the socket itself: if the connection drops before the ack, the
   * next "connect" starts another one, so the rejected ack is expected, not an error. */
  private rejoin(): void {
    this.join().catch(() => undefined);
  }

  /** The seat changed (documented in docs/protocol.md): forget everything and join from 0. */
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
        this.handlers.onJoined?.(result.data);
        this.handlers.onChannels?.(result.data.channels);
        for (const pending of this.outbox.values()) void this.attempt(pending);
      } finally {
        this.release();
        this.joining = null;
      }
    })();
    return this.joining;
  }

  /** Hands on the live events held during a catch-up, in order. */
  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const event of held.sort((a, b) => a.seq - b.seq)) this.accept(event);
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
      const next = await this.socket.emitWithAck("oversight:history", { exerciseId: this.exerciseId, channelId, afterSeq: events.at(-1)?.seq ?? 0 });
      if (!next.ok) return next;
      events.push(...next.data.events);
      more = next.data.more;
    }
    return { ok: true, data: events };
  }

  /** Sends until acknowledged: the same key on every retry, so the server records it once. */
  send(channelId: string, body: string, clientKey = newClientKey()): Promise<Result<{ seq: number; at: string }>> {
    return new Promise((resolve) => {
      const pending: Pending = { channelId, body, clientKey, resolve };
      this.outbox.set(clientKey, pending);
      if (this.socket.connected && !this.joining) void this.attempt(pending);
    });
  }

  get unacknowledged(): number {
    return this.outbox.size;
  }

  private async attempt(pending: Pending): Promise<void> {
    try {
      const result = await this.socket
        .timeout(this.timing.ackTimeoutMs)
        .emitWithAck("message:send", { exerciseId: this.exerciseId, channelId: pending.channelId, body: pending.body, clientKey: pending.clientKey });
      if (!this.outbox.has(pending.clientKey)) return;
      if (!result.ok && result.code === "internal") return this.retryLater(pending);
      this.outbox.delete(pending.clientKey);
      pending.resolve(result);
    } catch {
      // No ack in time: if still connected, the server is slow (or lost it): send again
      // with the same key; if disconnected, the reconnect's join resends it.
      this.retryLater(pending);
    }
  }

  /** The server failed or did not answer, not the message: try again shortly. */
  private retryLater(pending: Pending): void {
    setTimeout(() => {
      if (this.outbox.has(pending.clientKey) && this.socket.connected && !this.joining) void this.attempt(pending);
    }, this.timing.retryMs);
  }

  private accept(event: EventDto): void {
    if (this.seen.has(event.seq)) return;
    this.seen.add(event.seq);
    this.lastSeq = Math.max(this.lastSeq, event.seq);
    this.handlers.onEvent?.(event);
  }
}
