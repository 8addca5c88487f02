/**
 * A conversation's handoff webhooks waiting to be delivered: a bounded queue in the object's storage, the
 * oldest first, each event with its own attempt count and retry schedule (WEBHOOK_RETRY_DELAYS_MS). A durable
 * alarm wakes the object for retries, so an eviction or a restart loses nothing; at most it repeats a request
 * that was cut off (delivery is at least once). The event is opaque here (handoff.ts builds and sends it), which
 * keeps this file free of platform types and testable in Node.
 */

/** Waits before each retry of a failed webhook delivery (then it is given up and logged): about 1 h 13 min in all. */
export const WEBHOOK_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000, 3_600_000];

/** One queued event; `attempt` counts the requests started for it. */
export interface PendingWebhook<E> {
  id: string;
  ev: E;
  attempt: number;
}

/** Events kept at most: a conversation that keeps re-entering handoff while the endpoint is down cannot grow storage. */
export const WEBHOOK_QUEUE_MAX = 20;
/** When the last attempt's request is cut off by an eviction, the alarm that gives the event up. */
const LAST_ATTEMPT_CHECK_MS = 60_000;
const KEY = 'webhooks';
/** Before the queue, one pending event `{ ev, attempt }` was kept here; it is moved to the queue's head when read. */
const OLD_KEY = 'webhook';

export interface OutboxPorts<E> {
  store: { get(key: string): string | null; set(key: string, value: string): void; delete(key: string): void };
  /** One request: `retry` is worth retrying, `refused` is not; `none` means there is nowhere to send it. */
  deliver: (ev: E) => Promise<'delivered' | 'refused' | 'retry' | 'none'>;
  alarm: { get(): Promise<number | null>; set(at: number): Promise<void>; delete(): Promise<void> };
  now: () => number;
}

/** The queue and its one delivery loop (see `drain`). */
export class WebhookOutbox<E> {
  private inFlight: Promise<void> | null = null;

  constructor(private readonly ports: OutboxPorts<E>) {}

  /** The events waiting, oldest first (an event stored in the old single-event format is migrated here). */
  pending(): PendingWebhook<E>[] {
    const queue = JSON.parse(this.ports.store.get(KEY) ?? '[]') as PendingWebhook<E>[];
    const old = this.ports.store.get(OLD_KEY);
    if (old === null) return queue;
    const { ev, attempt } = JSON.parse(old) as Omit<PendingWebhook<E>, 'id'>;
    queue.unshift({ id: crypto.randomUUID(), ev, attempt });
    this.save(queue);
    this.ports.store.delete(OLD_KEY);
    return queue;
  }

  /**
   * Queue an event (stored before this returns, so a retry survives eviction) and see that it will be sent:
   * at once when nothing waits; after the running delivery or the head's retry alarm otherwise, so each
   * event keeps its order and the head keeps its retry schedule. When full, the oldest event is given up.
   */
  add(ev: E): Promise<void> {
    const queue = this.pending();
    queue.push({ id: crypto.randomUUID(), ev, attempt: 0 });
    for (const dropped of queue.splice(0, Math.max(0, queue.length - WEBHOOK_QUEUE_MAX))) failed('queue_full', dropped.attempt);
    this.save(queue);
    if (this.inFlight) return this.inFlight;
    if (queue.length === 1) return this.drain();
    return this.rearm();
  }

  /**
   * Deliver the queue from its head until it is empty or the head waits for a retry. One loop at a time:
   * the requests await I/O, which lets other events (a new handoff, the alarm) into the object, and they
   * join the running loop instead of sending the head a second time.
   */
  drain(): Promise<void> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async run(): Promise<void> {
    for (;;) {
      const head = this.pending()[0];
      if (!head) {
        await this.ports.alarm.delete();
        if (this.pending().length === 0) return; // else an event came in during the delete: go on
        continue;
      }
      if (head.attempt > WEBHOOK_RETRY_DELAYS_MS.length) {
        // The last attempt was cut off (the object was evicted mid-request): give the event up.
        this.remove(head.id);
        failed('retry', head.attempt);
        continue;
      }
      const delay = WEBHOOK_RETRY_DELAYS_MS[head.attempt];
      // Count the attempt and set the next wake-up before the request, so an eviction during it still retries.
      this.update(head.id, head.attempt + 1);
      await this.ports.alarm.set(this.ports.now() + (delay ?? LAST_ATTEMPT_CHECK_MS));
      const outcome = await this.ports.deliver(head.ev);
      if (outcome === 'retry' && delay !== undefined) {
        // The alarm brings the retry, unless it already fired during a slow request (it reads null then).
        if ((await this.ports.alarm.get()) !== null) return;
        continue;
      }
      this.remove(head.id);
      if (outcome === 'refused' || outcome === 'retry') failed(outcome, head.attempt + 1);
    }
  }

  /** An older version could leave an event without an alarm (evicted during its first request): set one. */
  private async rearm(): Promise<void> {
    if ((await this.ports.alarm.get()) === null) await this.ports.alarm.set(this.ports.now());
  }

  private update(id: string, attempt: number): void {
    this.save(this.pending().map((p) => (p.id === id ? { ...p, attempt } : p)));
  }

  private remove(id: string): void {
    this.save(this.pending().filter((p) => p.id !== id));
  }

  private save(queue: PendingWebhook<E>[]): void {
    if (queue.length === 0) this.ports.store.delete(KEY);
    else this.ports.store.set(KEY, JSON.stringify(queue));
  }
}

/** An event given up; no event content is logged (it names the conversation). */
function failed(outcome: 'refused' | 'retry' | 'queue_full', attempts: number): void {
  console.error(JSON.stringify({ level: 'error', event: 'handoff_webhook_failed', outcome, attempts }));
}
