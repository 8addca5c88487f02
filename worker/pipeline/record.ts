import type { ErrorCode, Finish, Tier, Usage } from '../../shared/protocol';
import type { BreakerStatus } from './gateway/breaker';

/**
 * What one turn did, for audit rows and metrics: masked or derived values only, never raw visitor
 * text or secrets. Each pipeline stage fills the fields it owns; the transport passes a sink port.
 */
export interface TurnRecord {
  siteKey: string;
  conversationId: string;
  messageId: string;
  intent: string | null;
  tier: Tier;
  provider: string;
  model: string;
  cached: boolean;
  /** ms from the turn's start to the first delta sent, null when none was. */
  ttftMs: number | null;
  totalMs: number;
  usage: Usage;
  /** Guard actions taken (e.g. `mask:phone`, `block:injection`, `flag:profanity`). */
  guardActions: string[];
  status: 'done' | 'error';
  finish: Finish | null;
  errorCode: ErrorCode | null;
  /** Circuit breakers this turn opened or closed (reported to D1 so every isolate's operators see them). */
  breakerChanges?: BreakerStatus[];
  /** Set when the site's knowledge had no answer and no model was asked: the masked question, for the console. */
  unanswered?: { question: string };
}
