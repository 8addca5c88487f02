import type { ServerFrame } from '../../shared/protocol';

/** What the chat controller needs from a connection to Parley. */
export interface Transport {
  kind: 'ws' | 'sse';
  /** `resumeAfter`: re-ask for a turn already sent, wanting only its frames after that seq (SSE). */
  send(msg: { id: string; text: string }, resumeAfter?: number): void;
  stop(messageId: string): void;
  feedback(messageId: string, rating: 'up' | 'down'): void;
  close(): void;
}

export interface TransportArgs {
  endpoint: string;
  siteKey: string;
  /** The conversation as the store has it now (read at each connect and request): id and token, or none yet. */
  conversation: () => { id: string; token: string } | null;
  /** The server minted a conversation (SSE response headers); WebSocket clients learn it from `ready`. */
  onConversation: (id: string, token: string) => void;
  visitorId: string;
  /** Read at each `hello`, so `Parley('identify', …)` queued before load (or called later) applies. */
  visitorToken: () => string | undefined;
  locale: string;
  /** Highest seq already applied, for `resume`. */
  lastSeq: () => number;
  onFrame: (frame: ServerFrame) => void;
  /** Whether the server connection is up (drives the offline indicator). */
  onLink: (up: boolean) => void;
}
