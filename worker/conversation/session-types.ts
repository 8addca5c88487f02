/**
 * What the WebSocket protocol (ws-session.ts) needs of its conversation object, kept apart from the
 * class so the two modules do not import each other.
 */
import type { ConversationStore } from './store';

/** Transcript entries sent in `ready`. */
export const READY_HISTORY = 50;

/** Per-socket state, kept by the runtime across hibernation. */
export interface Attachment {
  siteKey: string;
  visitorId: string;
  verified: boolean;
  /** Set once `hello` was accepted; only ready sockets receive frames. */
  ready: boolean;
  /** The socket has (or will get live) every frame with seq > since. */
  since: number;
}

/** A visitor message offered to the conversation. */
export interface VisitorMessage {
  visitorId: string;
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
  /**
   * Admit and accept a new visitor message (throws a typed error when a limit refuses it); false when the
   * same message id was accepted meanwhile.
   */
  submit(message: VisitorMessage): Promise<boolean>;
  stop(messageId: string): void;
  feedback(messageId: string, rating: 'up' | 'down'): boolean;
}
