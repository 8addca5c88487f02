/**
 * Request coalescing: identical cacheable requests in flight in one isolate share one upstream call.
 * The first (leader) starts the source; every subscriber, leader included, reads the same buffered
 * sequence of chunks from the start, so a follower that joins late still gets every delta in order.
 * The upstream is cancelled only when every subscriber has gone.
 *
 * Workers run each request in its own I/O context and cancel continuations of a promise resolved from
 * another request's context. So only the leader (whose context runs the upstream) is woken by it;
 * followers poll the shared buffer on their own timers, adding at most FOLLOWER_POLL_MS per chunk.
 */

/** How often a follower looks for new chunks. */
export const FOLLOWER_POLL_MS = 4;

type Source<T> = (signal: AbortSignal) => AsyncIterable<T>;

class Flight<T> {
  private readonly buffer: T[] = [];
  private ended = false;
  private failure: { error: unknown } | null = null;
  /** Set only by the leader's subscription: resolved by the pump, which runs in the leader's context. */
  private leaderWaker: (() => void) | null = null;
  private subscribers = 0;
  private readonly abort = new AbortController();
  readonly settled: Promise<void>;

  constructor(source: Source<T>, onSettled: () => void) {
    this.settled = this.pump(source).finally(onSettled);
  }

  private wake(): void {
    const w = this.leaderWaker;
    this.leaderWaker = null;
    w?.();
  }

  private async pump(source: Source<T>): Promise<void> {
    try {
      for await (const item of source(this.abort.signal)) {
        this.buffer.push(item);
        this.wake();
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  /** Read the shared sequence from its start; stops early (without error) when `signal` aborts. */
  async *subscribe(signal: AbortSignal, leader: boolean): AsyncGenerator<T> {
    this.subscribers++;
    let left = false;
    let wakeSelf: (() => void) | null = null;
    const leave = () => {
      if (left) return;
      left = true;
      if (--this.subscribers === 0 && !this.ended) {
        try {
          this.abort.abort(signal.reason);
        } catch {
          // Aborting from another request's context may be refused; the upstream then runs to its end.
        }
      }
      wakeSelf?.();
    };
    signal.addEventListener('abort', leave, { once: true });
    try {
      let i = 0;
      while (!signal.aborted) {
        if (i < this.buffer.length) {
          yield this.buffer[i++] as T;
        } else if (this.ended) {
          if (this.failure) throw this.failure.error;
          return;
        } else {
          await new Promise<void>((resolve) => {
            wakeSelf = resolve;
            if (leader) this.leaderWaker = resolve;
            else setTimeout(resolve, FOLLOWER_POLL_MS);
          });
          wakeSelf = null;
        }
      }
    } finally {
      signal.removeEventListener('abort', leave);
      leave();
    }
  }
}

/** The flights in progress in this isolate, by key. */
export class Coalescer<T> {
  private readonly flights = new Map<string, Flight<T>>();

  get inFlight(): number {
    return this.flights.size;
  }

  /**
   * Join the flight for `key`, starting it with `source` when none is in progress. `keepAlive`
   * receives the flight's completion so the runtime keeps it going for the followers (waitUntil).
   */
  join(
    key: string,
    source: Source<T>,
    signal: AbortSignal,
    keepAlive?: (p: Promise<void>) => void,
  ): { shared: boolean; chunks: AsyncGenerator<T> } {
    let flight = this.flights.get(key);
    const shared = flight !== undefined;
    if (!flight) {
      const created: Flight<T> = new Flight(source, () => {
        if (this.flights.get(key) === created) this.flights.delete(key);
      });
      flight = created;
      this.flights.set(key, created);
      keepAlive?.(created.settled);
    }
    return { shared, chunks: flight.subscribe(signal, !shared) };
  }
}
