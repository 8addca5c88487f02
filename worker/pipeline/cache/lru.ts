/**
 * An in-isolate LRU bounded by entry count AND bytes, with per-entry expiry against an injected
 * clock. A Map keeps insertion order, so re-inserting on read makes the first key the least recent.
 */

export interface LruLimits {
  maxEntries: number;
  maxBytes: number;
}

interface Slot<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

export class ByteLru<V> {
  private readonly slots = new Map<string, Slot<V>>();
  private used = 0;

  constructor(readonly limits: LruLimits) {}

  get size(): number {
    return this.slots.size;
  }

  get bytes(): number {
    return this.used;
  }

  /** The live value for a key (refreshing its recency), or undefined when absent or expired at `now`. */
  get(key: string, now: number): V | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    this.slots.delete(key);
    if (slot.expiresAt <= now) {
      this.used -= slot.bytes;
      return undefined;
    }
    this.slots.set(key, slot);
    return slot.value;
  }

  /** Insert or replace; evicts least-recent entries until both bounds hold. Values over maxBytes are not kept. */
  set(key: string, value: V, bytes: number, expiresAt: number): void {
    this.delete(key);
    if (bytes > this.limits.maxBytes || this.limits.maxEntries < 1) return;
    this.slots.set(key, { value, bytes, expiresAt });
    this.used += bytes;
    for (const [k, slot] of this.slots) {
      if (this.slots.size <= this.limits.maxEntries && this.used <= this.limits.maxBytes) break;
      this.slots.delete(k);
      this.used -= slot.bytes;
    }
  }

  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (!slot) return false;
    this.slots.delete(key);
    this.used -= slot.bytes;
    return true;
  }

  /** Drop every key starting with `prefix`; returns how many were dropped. */
  deletePrefix(prefix: string): number {
    let n = 0;
    for (const key of [...this.slots.keys()]) if (key.startsWith(prefix) && this.delete(key)) n++;
    return n;
  }

  /** Keys from least to most recently used (for tests and metrics). */
  keys(): string[] {
    return [...this.slots.keys()];
  }
}
