/**
 * A visitor's thumbs up/down on the bot's replies: the latest rating per message, kept in the object for
 * the console and written onto the turn's anonymous audit row for metrics.
 */
import { setFeedback } from '../audit/store';
import type { ConversationStore } from './store';

export type Rating = 'up' | 'down';

export class Feedback {
  constructor(
    private readonly store: ConversationStore,
    private readonly db: D1Database,
    private readonly waitUntil: (p: Promise<unknown>) => void,
  ) {}

  /** Every rating, by message id. */
  get ratings(): Record<string, Rating> {
    return JSON.parse(this.store.get('feedback') ?? '{}') as Record<string, Rating>;
  }

  /** Rate one of this conversation's turns (`requestId` is its audit row); false when there is no such turn. */
  rate(messageId: string, rating: Rating, requestId: string): boolean {
    if (!this.store.turn(messageId)) return false;
    const all = this.ratings;
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
