/**
 * What the WebSocket protocol (ws-session.ts) needs of its conversation object, kept apart from the
 * class so the two modules do not import each other.
 */
import type { HistoryItem } from '../../shared/protocol';
import type { Owner } from './conversation-token';
import type { ConversationStore } from './store';

/** Transcript entries sent in `ready`. */
export const READY_HISTORY = 50;

/** Per-socket state, kept by the runtime across hibernation. */
export interface Attachment {
  siteKey: string;
  /** Whose conversation: checked by the Worker (token) or, for one it just minted, set at `hello`. */
  owner: Owner | null;
  /** The conversation token the Worker checked; null for a conversation minted for this socket. */
  token: string | null;
  /** The `sub` of a visitor token checked on the upgrade (apps' `Authorization` header). */
  verifiedSub?: string;
  /** The visitor's locale (`hello.locale`), for reading their national phone numbers. */
  locale?: string;
  /** Set once `hello` was accepted; only ready sockets receive frames. */
  ready: boolean;
  /** The socket has (or will get live) every frame with seq > since. */
  since: number;
}

/** A visitor message offered to the conversation. */
export interface VisitorMessage {
  /** The conversation's owner (`user:<sub>` or `anon:<id>`). */
  visitorId: string;
  locale?: string;
  id: string;
  text: string;
  cacheMode: 'default' | 'bypass';
}

export interface ConversationHost {
  readonly store: ConversationStore;
  readonly ids: { siteKey: string; conversationId: string };
  readonly handoffActive: boolean;
  /** The message whose reply is being written, if any. */
  readonly runningMessageId: string | null;
  /** The master secret of visitor tokens (the object's own env). */
  readonly visitorTokenSecret: string | undefined;
  /** The owner recorded for this conversation (null until its first `hello` or chat). */
  readonly owner: Owner | null;
  /** Record the owner of a conversation minted for this socket and return its conversation token. */
  claim(owner: Owner): Promise<string>;
  /** The last `limit` transcript entries as the proven owner sees them (their own values restored). */
  ownerHistory(limit: number): HistoryItem[];
  /**
   * Admit and accept a new visitor message (throws a typed error when a limit refuses it); false when the
   * same message id was accepted meanwhile.
   */
  submit(message: VisitorMessage): Promise<boolean>;
  stop(messageId: string): void;
  feedback(messageId: string, rating: 'up' | 'down'): boolean;
  /** Rate the closed conversation, once (throws `conflict` for a second rating). */
  csat(score: number, comment?: string): Promise<void>;
  /** Leave a message for the team (acknowledged with an `offline_received` frame). */
  leaveOffline(email: string, text: string): Promise<void>;
  /** Answer a `confirm` frame: the reply's message id (throws a typed error for an unknown or lapsed call). */
  confirm(callId: string, approve: boolean, locale?: string): string;
}
