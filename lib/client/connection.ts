// What the browser can truthfully say about its connection. A socket can look connected
// long after the network is gone (Socket.io notices after its own ping times out), so
// the client also listens to the browser's online/offline signals and pings the server
// itself: offline is shown within a few seconds, and a connection that stopped
// answering is replaced by a fresh one.
import type { Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../contract/events";

export type Connection = "connecting" | "online" | "offline";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface HeartbeatTiming {
  /** How often the server is pinged while the socket is connected. */
  everyMs: number;
  /** A ping unanswered this long counts as a miss: the connection is shown offline. */
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatTiming = { everyMs: 1_000, timeoutMs: 1_500 };

/** The browser's window (or nothing, in Node). */
interface NetworkSignals {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
  navigator?: { onLine?: boolean };
}

export class ConnectionMonitor {
  state: Connection = "connecting";
  private misses = 0;
  private readonly timer: ReturnType<typeof setInterval> | null;
  private readonly signals: NetworkSignals | null;

  constructor(
    private readonly socket: ClientSocket,
    private readonly onChange: (state: Connection) => void,
    timing: HeartbeatTiming | null = DEFAULT_HEARTBEAT,
    signals: NetworkSignals | null = browserSignals(),
  ) {
    this.signals = signals;
    socket.on("connect", this.onConnect);
    socket.on("disconnect", this.onDown);
    socket.on("connect_error", this.onDown);
    signals?.addEventListener("offline", this.onBrowserOffline);
    signals?.addEventListener("online", this.onBrowserOnline);
    if (socket.connected) this.set(this.browserOffline() ? "offline" : "online");
    this.timer = timing ? setInterval(() => void this.beat(timing), timing.everyMs) : null;
    // In Node (tests, benchmarks) the heartbeat must not keep the process alive.
    if (this.timer && typeof this.timer === "object" && "unref" in this.timer) this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.off("connect", this.onConnect);
    this.socket.off("disconnect", this.onDown);
    this.socket.off("connect_error", this.onDown);
    this.signals?.removeEventListener("offline", this.onBrowserOffline);
    this.signals?.removeEventListener("online", this.onBrowserOnline);
  }

  private readonly onConnect = () => {
    this.misses = 0;
    this.set(this.browserOffline() ? "offline" : "online");
  };

  private readonly onDown = () => this.set("offline");

  private readonly onBrowserOffline = () => this.set("offline");

  /** The network is back: a socket that still looks connected may be dead; a ping tells. */
  private readonly onBrowserOnline = () => {
    if (!this.socket.connected) this.socket.connect();
  };

  private browserOffline(): boolean {
    return this.signals?.navigator?.onLine === false;
  }

  private async beat(timing: HeartbeatTiming): Promise<void> {
    if (!this.socket.connected) return;
    try {
      const pong = await this.socket.timeout(timing.timeoutMs).emitWithAck("system:ping", { sentAt: Date.now() });
      if (!pong.ok) return;
      this.misses = 0;
      if (!this.browserOffline()) this.set("online");
    } catch {
      this.misses++;
      this.set("offline");
      // Two misses in a row: this connection is not coming back by itself; start a new one.
      if (this.misses >= 2 && this.socket.connected) {
        this.misses = 0;
        this.socket.disconnect();
        this.socket.connect();
      }
    }
  }

  private set(state: Connection): void {
    if (state === this.state) return;
    this.state = state;
    this.onChange(state);
  }
}

function browserSignals(): NetworkSignals | null {
  const w = (globalThis as { window?: NetworkSignals }).window;
  return w && typeof w.addEventListener === "function" ? w : null;
}
