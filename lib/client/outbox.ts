// Commands waiting for their ack, in the order they were made. One is in flight at a
// time, so the server receives them in that order; a command whose ack does not come,
// or that the server could not take ("internal"), is sent again with the same key. A
// refusal ends it (messages stay listed as failed, with a retry). Messages are kept in
// browser storage too, so a reload before the network returns loses nothing.
import type { Result } from "../contract/result";
import type { CommandName } from "./commands";

export type OutboxState = "queued" | "sending" | "failed";

export interface OutboxEntry {
  key: string;
  name: CommandName;
  /** The command's payload without exerciseId and clientKey. */
  input: Record<string, unknown>;
  state: OutboxState;
  /** The refusal, for a failed message. */
  error?: { code: string; message: string };
  createdAt: number;
}

/** The part of Web Storage the outbox uses (tests give a Map-backed one). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

interface Waiting {
  entry: OutboxEntry;
  resolve(result: Result<unknown>): void;
}

export class Outbox {
  private readonly waiting: Waiting[] = [];
  private storageKey: string | null = null;

  constructor(
    private readonly store: KeyValueStore | null,
    private readonly changed: () => void,
  ) {}

  get entries(): readonly OutboxEntry[] {
    return this.waiting.map((w) => w.entry);
  }

  /** Commands not yet answered (failed messages excluded). */
  get unanswered(): number {
    return this.waiting.filter((w) => w.entry.state !== "failed").length;
  }

  add(entry: OutboxEntry): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      const existing = this.waiting.find((w) => w.entry.key === entry.key);
      if (existing) {
        existing.resolve = resolve;
        existing.entry.state = "queued";
        delete existing.entry.error;
      } else this.waiting.push({ entry, resolve });
      this.save();
      this.changed();
    });
  }

  /** The next command to send, if none is in flight. */
  next(): OutboxEntry | null {
    const first = this.waiting.find((w) => w.entry.state !== "failed");
    return first && first.entry.state === "queued" ? first.entry : null;
  }

  mark(key: string, state: OutboxState): void {
    const w = this.find(key);
    if (!w) return;
    w.entry.state = state;
    this.changed();
  }

  /** The server answered: a success or a refusal ends the command (a refused message stays, failed). */
  settle(key: string, result: Result<unknown>): void {
    const w = this.find(key);
    if (!w) return;
    if (!result.ok && w.entry.name === "message:send") {
      w.entry.state = "failed";
      w.entry.error = { code: result.code, message: result.message };
    } else this.waiting.splice(this.waiting.indexOf(w), 1);
    this.save();
    this.changed();
    w.resolve(result);
  }

  /** Drops a failed message the writer gave up on. */
  discard(key: string): void {
    const w = this.find(key);
    if (!w || w.entry.state !== "failed") return;
    this.waiting.splice(this.waiting.indexOf(w), 1);
    this.save();
    this.changed();
  }

  /** Messages written before a reload, for this person in this exercise, queued again. */
  restore(storageKey: string): OutboxEntry[] {
    this.storageKey = storageKey;
    const saved = this.load();
    const restored: OutboxEntry[] = [];
    for (const entry of saved) {
      if (this.find(entry.key)) continue;
      const fresh: OutboxEntry = { ...entry, state: entry.state === "failed" ? "failed" : "queued" };
      this.waiting.push({ entry: fresh, resolve: () => undefined });
      restored.push(fresh);
    }
    this.save();
    if (restored.length > 0) this.changed();
    return restored;
  }

  private find(key: string): Waiting | undefined {
    return this.waiting.find((w) => w.entry.key === key);
  }

  private load(): OutboxEntry[] {
    if (!this.store || !this.storageKey) return [];
    try {
      const parsed: unknown = JSON.parse(this.store.getItem(this.storageKey) ?? "[]");
      if (!Array.isArray(parsed)) return [];
      return parsed.flatMap((item: unknown) => {
        const entry = storedMessage(item);
        return entry ? [entry] : [];
      });
    } catch {
      return [];
    }
  }

  private save(): void {
    if (!this.store || !this.storageKey) return;
    const messages = this.waiting.map((w) => w.entry).filter((e) => e.name === "message:send");
    if (messages.length === 0) this.store.removeItem(this.storageKey);
    else this.store.setItem(this.storageKey, JSON.stringify(messages));
  }
}

/**
 * A message as browser storage keeps it: storage is a boundary, so it is checked field by
 * field. (Not with zod here: this module is in the room page's first load, where zod would
 * cost more than the rest of the client. The server validates every command it receives.)
 */
function storedMessage(item: unknown): OutboxEntry | null {
  if (typeof item !== "object" || item === null) return null;
  const r = item as Record<string, unknown>;
  const text = (v: unknown, min = 1, max = Infinity): v is string => typeof v === "string" && v.length >= min && v.length <= max;
  const input = r.input as Record<string, unknown> | null | undefined;
  const error = r.error as Record<string, unknown> | null | undefined;
  if (!text(r.key, 8, 128) || r.name !== "message:send" || typeof input !== "object" || input === null) return null;
  if (!text(input.channelId) || !text(input.body)) return null;
  if (r.state !== "queued" && r.state !== "sending" && r.state !== "failed") return null;
  if (typeof r.createdAt !== "number") return null;
  if (
    error !== undefined &&
    (typeof error !== "object" || error === null || typeof error.code !== "string" || typeof error.message !== "string")
  )
    return null;
  return {
    key: r.key,
    name: "message:send",
    input: { channelId: input.channelId, body: input.body },
    state: r.state,
    createdAt: r.createdAt,
    ...(error ? { error: { code: error.code as string, message: error.message as string } } : {}),
  } as OutboxEntry;
}
