import { describe, expect, it } from 'vitest';
import { batchQueue } from '../../worker/audit/batch';

/** A flush whose round trips the test releases one at a time. */
function gatedFlush() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const flush = (items: number[]) => {
    batches.push(items);
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const release = async () => {
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { batches, flush, release };
}

describe('audit batch queue', () => {
  it('writes a lone row at once, and rows that end during a write in one batch after it', async () => {
    const f = gatedFlush();
    const q = batchQueue(f.flush, () => 0);
    const writer = q.add(1);
    expect(writer).toBeInstanceOf(Promise);
    expect(f.batches).toEqual([[1]]);
    // Three more turns end while the first write is in flight: they join the running writer.
    expect([q.add(2), q.add(3), q.add(4)]).toEqual([null, null, null]);
    await f.release();
    expect(f.batches).toEqual([[1], [2, 3, 4]]);
    await f.release();
    await writer;
    expect(q.pending).toBe(0);
    // The writer has finished: the next row starts a new one.
    expect(q.add(5)).toBeInstanceOf(Promise);
    expect(f.batches.at(-1)).toEqual([5]);
  });

  it('caps a batch, so a burst goes out in bounded D1 batches', async () => {
    const f = gatedFlush();
    const q = batchQueue(f.flush, () => 0, { maxBatch: 2 });
    const writer = q.add(1);
    for (const n of [2, 3, 4, 5, 6]) q.add(n);
    for (let i = 0; i < 4; i++) await f.release();
    await writer;
    expect(f.batches).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('replaces a writer whose request context was torn down, so rows never wait on it forever', () => {
    let now = 0;
    const f = gatedFlush();
    const q = batchQueue(f.flush, () => now, { staleMs: 1000 });
    q.add(1); // its flush never settles: the context that ran it is gone
    now = 500;
    expect(q.add(2)).toBeNull();
    now = 1500;
    expect(q.add(3)).toBeInstanceOf(Promise);
    expect(f.batches).toEqual([[1], [2, 3]]);
  });

  it('stops taking new rounds after maxMs and leaves the rest to the next writer', async () => {
    let now = 0;
    const f = gatedFlush();
    const q = batchQueue(f.flush, () => now, { maxMs: 100 });
    const writer = q.add(1);
    q.add(2);
    now = 150;
    await f.release();
    await writer;
    expect(f.batches).toEqual([[1]]);
    expect(q.pending).toBe(1);
    expect(q.add(3)).toBeInstanceOf(Promise);
    expect(f.batches.at(-1)).toEqual([2, 3]);
  });
});
