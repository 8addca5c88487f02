/**
 * Audit rows written in batches: rows that end while a D1 write is in flight join the next `db.batch`
 * instead of one round trip each. At 100 concurrent turns that is a handful of D1 calls instead of 100,
 * and each D1 call costs CPU on the same isolate thread that serves the streams.
 *
 * One writer runs at a time, in the I/O context of the request that started it (its `waitUntil` keeps
 * it alive); rows of other requests are plain data it carries, never promises shared across contexts.
 * A writer stops taking new rounds after `maxMs`, below the platform's waitUntil limit, and one whose
 * context was torn down is presumed dead after `staleMs`, so rows never wait on a writer that cannot run.
 */

/** A batch sink: `add` queues an item and returns the writer it started, or null when one is running. */
export interface BatchQueue<T> {
  add(item: T): Promise<void> | null;
  /** Items waiting for a writer (for tests). */
  readonly pending: number;
}

export interface BatchOptions {
  /** Items per flush (D1 batches of single-row inserts). */
  maxBatch?: number;
  /** A writer takes no new round after this long. */
  maxMs?: number;
  /** A writer older than this is presumed dead (its context was cancelled) and replaced. */
  staleMs?: number;
}

/** Queue items and write them with `flush`, one writer at a time, draining whatever queued meanwhile. */
export function batchQueue<T>(flush: (items: T[]) => Promise<void>, now: () => number, opts: BatchOptions = {}): BatchQueue<T> {
  const { maxBatch = 100, maxMs = 20_000, staleMs = 25_000 } = opts;
  const queue: T[] = [];
  let writer: { startedAt: number } | null = null;

  async function drain(self: { startedAt: number }): Promise<void> {
    try {
      while (queue.length > 0 && now() - self.startedAt < maxMs) await flush(queue.splice(0, maxBatch));
    } finally {
      if (writer === self) writer = null;
    }
  }

  return {
    add(item) {
      queue.push(item);
      if (writer && now() - writer.startedAt < staleMs) return null;
      const self = { startedAt: now() };
      writer = self;
      return drain(self);
    },
    get pending() {
      return queue.length;
    },
  };
}
