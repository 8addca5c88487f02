/** Small helpers for turning protocol frames into socket text and SSE blocks. */
import type { ErrorFrame, ServerFrame } from '../../shared/protocol';
import { ParleyError, toParleyError } from '../errors';

/** An SSE block for a stored frame's JSON (event = type, id = seq). */
export function sseBlock(json: string): string {
  const f = JSON.parse(json) as ServerFrame;
  const id = 'seq' in f && typeof f.seq === 'number' ? `id: ${f.seq}\n` : '';
  return `${id}event: ${f.type}\ndata: ${json}\n\n`;
}

/** A per-socket (unnumbered) error frame for a refused client frame. */
export function errorFrame(err: unknown, messageId?: string): ErrorFrame {
  const e = toParleyError(err);
  const f: ErrorFrame = { type: 'error', code: e.code, message: e.message, retryable: e.retryable };
  if (messageId) f.messageId = messageId;
  if (e.retryAfter !== undefined) f.retryAfter = e.retryAfter;
  return f;
}

/** The JSON error response the Worker passes through unchanged. */
export function errorResponse(err: unknown): Response {
  const e = toParleyError(err);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (e.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(e.retryAfter));
  return new Response(JSON.stringify(e.toBody()), { status: e.status, headers });
}

export { ParleyError };
