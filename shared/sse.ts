/**
 * Server-Sent Events framing for server frames: `event:` is the frame type, `data:` its JSON,
 * `id:` its sequence number so a reconnecting client can send `Last-Event-ID`.
 */
import type { ServerFrame } from './protocol';

/** Encode one server frame as an SSE event block. */
export function encodeSseFrame(frame: ServerFrame): string {
  const idLine = 'seq' in frame && typeof frame.seq === 'number' ? `id: ${frame.seq}\n` : '';
  return `${idLine}event: ${frame.type}\ndata: ${JSON.stringify(frame)}\n\n`;
}
