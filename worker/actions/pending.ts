/** A call of a `confirm: true` action waiting for the visitor's answer (kept by the conversation object). */
export interface PendingCall {
  callId: string;
  /** The assistant message that asked. */
  messageId: string;
  action: string;
  /** The model's arguments (identity fields are filled again from the owner when the call runs). */
  args: Record<string, unknown>;
  expiresAt: number;
}

/** How long a confirmation question stays answerable. */
export const CONFIRM_TTL_MS = 10 * 60_000;

/** Where a turn leaves a call that waits for the visitor. */
export interface PendingCalls {
  save(call: PendingCall): void;
}

/** One action call as audited: never its arguments or result. */
export interface ActionCallRecord {
  siteKey: string;
  conversationId: string;
  action: string;
  status: number | null;
  latencyMs: number;
  error: string | null;
}
