/**
 * A turn's SSE frames that are ready together reach the visitor together: deltas of one upstream read are
 * written to the stream as one chunk (one crossing from the conversation object to the Worker each, instead of
 * one per frame), except the first delta, which is never held back; every frame still arrives once and in order,
 * and a paced reply still streams frame by frame.
 */
import { describe, expect, it } from 'vitest';
import { parseSse } from '../fixtures/sse';
import { call, chatRequest, mockProvider } from './helpers';

/** The response body as the chunks the client reads, and the frames they hold. */
type Frame = { type: string; seq?: number; text?: string };

async function chunksOf(res: Response): Promise<{ chunks: number; frames: Frame[]; first: Frame[] }> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let chunks = 0;
  let first: Frame[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    text += decoder.decode(value, { stream: true });
    if (first.length === 0 && text.includes('event: delta')) first = parseSse(text).map((e) => e.frame as Frame);
  }
  return { chunks, frames: parseSse(text).map((e) => e.frame as Frame), first };
}

const reply = 'one two three four five six seven eight nine ten';

describe('SSE chunks of a turn', () => {
  it('writes the deltas of one upstream read as one chunk, every frame once and in order', async () => {
    const mock = await mockProvider({ calls: [{ reply }] });
    const res = await call(chatRequest({ siteKey: mock.siteKey, message: { id: 'c1', text: 'Where is my parcel, please?' } }));
    const { chunks, frames, first } = await chunksOf(res);
    // The first delta is not held back for the ones after it: it arrives alone.
    expect(first.filter((f) => f.type === 'delta')).toHaveLength(1);
    const deltas = frames.filter((f) => f.type === 'delta');
    expect(deltas.map((f) => f.text).join('')).toBe(reply);
    expect(frames.at(-1)?.type).toBe('done');
    const seqs = frames.map((f) => f.seq ?? 0);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(chunks).toBeLessThan(frames.length / 2);
  });

  it('still streams a paced reply as it comes', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'one two three four five', paceMs: 30 }] });
    const res = await call(chatRequest({ siteKey: mock.siteKey, message: { id: 'c2', text: 'Where is my parcel, please?' } }));
    const { chunks, frames } = await chunksOf(res);
    expect(frames.filter((f) => f.type === 'delta').length).toBeGreaterThanOrEqual(4);
    expect(chunks).toBeGreaterThanOrEqual(4);
  });
});
