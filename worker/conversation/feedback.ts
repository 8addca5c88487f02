/**
 * A visitor's thumbs up/down on the bot's replies: the latest rating per message, kept in the object for
 * the console and written onto the turn's anonymous audit row for metrics. Each change writes storage and
 * D1, so changes are limited per conversation (FEEDBACK_PER_MINUTE, refused with `rate_limited`) and a
 * repeat of the rating a message already has writes nothing.
 */
import { setFeedback } from '../audit/store';
import { ParleyError } from '../errors';
import type { ConversationStore } from './store';

export type Rating = 'up' | 'down';

/** Rating changes one conversation may make per minute (over all its sockets and the SSE route). */
export const FEEDBACK_PER_MINUTE = 10;
const MINUTE_MS = 60_000;

export class Feedback {
  /** When the recent changes were made; in memory, as it only needs to outlast a burst. */
  private recent: number[] = [];

  constructor(
    private readonly store: ConversationStore,
    private readonly db: D1Database,
    private readonly waitUntil: (p: Promise<unknown>) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every rating, by message id. */
  get ratings(): Record<string, Rating> {
    return JSON.parse(this.store.get('feedback') ?? '{}') as Record<string, Rating>;
  }

  /**
   * Rate one of this conversation's turns (`requestId` is its audit row); false when there is no such turn.
   * Throws `rate_limited` (with `retryAfter`) when the conversation changed too many ratings this minute.
   */
  rate(messageId: string, rating: Rating, requestId: string): boolean {
    if (!this.store.turn(messageId)) return false;
    const all = this.ratings;
    if (all[messageId] === rating) return true;
    const now = this.now();
    this.recent = this.recent.filter((at) => at > now - MINUTE_MS);
    const oldest = this.recent[0];
    if (this.recent.length >= FEEDBACK_PER_MINUTE && oldest !== undefined) {
      const retryAfter = Math.max(1, Math.ceil((oldest + MINUTE_MS - now) / 1000));
      throw new ParleyError('rate_limited', 'Too many ratings; try again shortly.', { retryable: true, retryAfter });
    }
    this.recent.push(now);
    all[messageId] = rating;
    this.store.set('feedback', JSON.stringify(all));
    this.waitUntil(
      setFeedback(this.db, requestId, rating).catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', event: 'feedback_write_failed', name: e instanceof Error ? e.name : 'unknown' }));
      }),
    );
    return true;
  }
}
