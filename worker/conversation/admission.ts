/**
 * Admission of a new visitor message: the site's daily token allowance, one turn at a time, the
 * conversation's length, the message size and the visitor's messages per minute. Every refusal is a
 * typed error; the synchronous part runs with no await, so admit and accept cannot interleave.
 */
import type { SiteConfig } from '../../shared/config';
import { ParleyError } from '../errors';
import { admitTokens, type QuotaPorts } from '../quota';
import { loadLiveSite } from '../storage/live-site';
import { type ConversationEnv, limitsOf } from './config';
import type { ConversationStore } from './store';

export class Admission {
  constructor(
    private readonly store: ConversationStore,
    private readonly env: ConversationEnv & QuotaPorts & { DB: D1Database },
  ) {}

  /** The site's published config (isolate-cached, see live-site.ts), once its daily token allowance admits another turn. */
  async siteFor(siteKey: string): Promise<SiteConfig> {
    const site = (await loadLiveSite(this.env.DB, siteKey))?.site;
    if (!site) throw new ParleyError('unauthorized', 'Unknown site key.');
    await admitTokens(this.env, site, Date.now());
    return site;
  }

  /** Refuse the message when a limit applies (see `limitsOf` for the deployment overrides). Synchronous. */
  admit(busy: boolean, visitorId: string, text: string, site: SiteConfig): void {
    if (busy) {
      throw new ParleyError('conflict', 'A reply is still being written: wait for it or send stop.', { retryable: true, retryAfter: 1 });
    }
    const limits = limitsOf(this.env, site.limits);
    if (text.length > limits.maxChars) {
      throw new ParleyError('too_large', `Messages are limited to ${limits.maxChars} characters here; please shorten it.`);
    }
    if (this.store.messageCount() >= limits.maxMessages) {
      throw new ParleyError('quota_exceeded', 'This conversation has reached its length limit; please start a new one.');
    }
    const take = this.store.takeSend(visitorId, Date.now(), limits.perMinute);
    if (!take.ok)
      throw new ParleyError('rate_limited', 'Too many messages; please wait a moment.', { retryable: true, retryAfter: take.retryAfter });
  }
}
