import type { ClientFrame, ServerFrame } from '../../shared/protocol';

/** The client frames besides the turn's own: a rating, the visitor typing, a confirm answer, CSAT, an offline message. */
export type Told = Extract<ClientFrame, { type: 'feedback' | 'typing' | 'confirm' | 'csat' | 'offline' }>;

/** What the chat controller needs from a connection to Parley. */
export interface Transport {
  kind: 'ws' | 'sse';
  /** `resumeAfter`: re-ask for a turn already sent, wanting only its frames after that seq (SSE). */
  send(msg: { id: string; text: string }, resumeAfter?: number): void;
  stop(messageId: string): void;
  /** Over WebSocket, the frame; over SSE, a POST to `/v1/<type>` (typing has none: it is WebSocket only). */
  tell(frame: Told): void;
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
