import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../worker/pipeline/cache/coalesce';
import { CACHE_FORMAT_VERSION, type CachedReply } from '../../worker/pipeline/cache/entry';
import {
  type CacheKv,
  type CachePorts,
  createCacheMemory,
  MEMORY_MAX_AGE_MS,
  purgePrefix,
  readReply,
  writeReply,
} from '../../worker/pipeline/cache/store';

/** A KV-shaped map with small list pages, so purge must follow cursors. */
function mapKv(pageSize = 2): CacheKv & { data: Map<string, string>; ttl: Map<string, number | undefined>; failing: boolean } {
  const data = new Map<string, string>();
  const ttl = new Map<string, number | undefined>();
  const kv = {
    data,
    ttl,
    failing: false,
    get: async (k: string) => {
      if (kv.failing) throw new Error('KV down');
      return data.get(k) ?? null;
    },
    put: async (k: string, v: string, o?: { expirationTtl?: number }) => {
      data.set(k, v);
      ttl.set(k, o?.expirationTtl);
    },
    delete: async (k: string) => {
      data.delete(k);
    },
    list: async ({ prefix, cursor }: { prefix: string; cursor?: string }) => {
      const all = [...data.keys()].filter((k) => k.startsWith(prefix)).sort();
      const start = Number(cursor ?? 0);
      const keys = all.slice(start, start + pageSize).map((name) => ({ name }));
      const done = start + pageSize >= all.length;
      return done ? { keys, list_complete: true } : { keys, list_complete: false, cursor: String(start + pageSize) };
    },
  };
  return kv;
}

const entry = (now: number, ttlSeconds: number, text = 'Cached reply.'): CachedReply => ({
  v: CACHE_FORMAT_VERSION,
  text,
  provider: 'openai',
  model: 'mock',
  intent: null,
  tier: 'default',
  usage: { inputTokens: 10, outputTokens: 3, cachedInputTokens: 0, costUsd: 0.0001, estimated: false },
  createdAt: now,
  expiresAt: now + ttlSeconds * 1000,
});

function setup() {
  let clock = 1_000_000;
  const kv = mapKv();
  const ports: CachePorts = { kv, now: () => clock, memory: createCacheMemory({ maxEntries: 10, maxBytes: 100_000 }) };
  return { kv, ports, advance: (ms: number) => (clock += ms), now: () => clock };
}

describe('two-level store on a fake clock', () => {
  it('writes memory at once and KV with a TTL of at least 60 s', async () => {
    const { kv, ports, now } = setup();
    await writeReply(ports, 'site/a/~none/k1', entry(now(), 30));
    expect(kv.ttl.get('site/a/~none/k1')).toBe(60);
    await writeReply(ports, 'site/a/~none/k2', entry(now(), 3600));
    expect(kv.ttl.get('site/a/~none/k2')).toBe(3600);
    expect(ports.memory.lru.size).toBe(2);
  });

  it('expires by the entry TTL even while KV (coarser) still holds the value', async () => {
    const { ports, advance, now } = setup();
    await writeReply(ports, 'site/a/~none/k', entry(now(), 120));
    advance(119_000);
    expect((await readReply(ports, 'site/a/~none/k'))?.text).toBe('Cached reply.');
    advance(1_000);
    expect(await readReply(ports, 'site/a/~none/k')).toBeNull();
  });

  it('memory keeps a copy at most MEMORY_MAX_AGE_MS, then re-reads KV (so purges elsewhere take effect)', async () => {
    const { kv, ports, advance, now } = setup();
    await writeReply(ports, 'site/a/~none/k', entry(now(), 3600));
    kv.data.delete('site/a/~none/k'); // purged by another isolate
    expect(await readReply(ports, 'site/a/~none/k')).not.toBeNull();
    advance(MEMORY_MAX_AGE_MS);
    expect(await readReply(ports, 'site/a/~none/k')).toBeNull();
  });

  it('a KV failure is a miss, not an error; a failed write never rejects', async () => {
    const { kv, ports, now } = setup();
    kv.failing = true;
    expect(await readReply(ports, 'site/a/~none/nothing')).toBeNull();
    kv.put = async () => {
      throw new Error('KV down');
    };
    await expect(writeReply(ports, 'site/a/~none/k', entry(now(), 60))).resolves.toBeUndefined();
  });

  it('purge follows list cursors and only touches the prefix', async () => {
    const { kv, ports, now } = setup();
    for (const k of ['site/a/~none/1', 'site/a/~none/2', 'site/a/refund/3', 'site/a/refund/4', 'site/ab/~none/5']) {
      await writeReply(ports, k, entry(now(), 600));
    }
    expect(await purgePrefix(ports, 'site/a/refund/')).toBe(2);
    expect(await purgePrefix(ports, 'site/a/')).toBe(2);
    expect([...kv.data.keys()]).toEqual(['site/ab/~none/5']);
    expect(ports.memory.lru.keys()).toEqual(['site/ab/~none/5']);
  });
});

describe('Coalescer', () => {
  /** A source that yields when told to, and records whether it was aborted. */
  function gate() {
    const calls: { aborted: boolean }[] = [];
    let release: () => void = () => {};
    const opened = new Promise<void>((r) => {
      release = r;
    });
    const source = async function* (signal: AbortSignal) {
      const call = { aborted: false };
      calls.push(call);
      signal.addEventListener('abort', () => {
        call.aborted = true;
      });
      yield 'a';
      await opened;
      if (signal.aborted) throw new Error('aborted');
      yield 'b';
      yield 'c';
    };
    return { calls, source, release };
  }
  const drain = async (it: AsyncIterable<string>) => {
    const out: string[] = [];
    for await (const x of it) out.push(x);
    return out;
  };

  it('one source for concurrent joiners; a late joiner still gets the whole sequence', async () => {
    const c = new Coalescer<string>();
    const g = gate();
    const first = c.join('k', g.source, new AbortController().signal);
    const p1 = drain(first.chunks);
    await new Promise((r) => setTimeout(r, 5));
    const second = c.join('k', g.source, new AbortController().signal);
    const p2 = drain(second.chunks);
    g.release();
    expect([first.shared, second.shared]).toEqual([false, true]);
    expect(await p1).toEqual(['a', 'b', 'c']);
    expect(await p2).toEqual(['a', 'b', 'c']);
    expect(g.calls).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(c.inFlight).toBe(0);
  });

  it('one subscriber leaving does not cancel the others; the last one leaving cancels the upstream', async () => {
    const c = new Coalescer<string>();
    const g = gate();
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = drain(c.join('k', g.source, stopA.signal).chunks);
    const b = drain(c.join('k', g.source, stopB.signal).chunks);
    await new Promise((r) => setTimeout(r, 5));
    stopA.abort();
    expect(await a).toEqual(['a']);
    expect(g.calls[0]?.aborted).toBe(false);
    stopB.abort();
    expect(await b).toEqual(['a']);
    expect(g.calls[0]?.aborted).toBe(true);
    g.release();
  });

  it('an upstream failure reaches every subscriber', async () => {
    const c = new Coalescer<string>();
    const failing = async function* () {
      yield 'x';
      throw new Error('upstream 500');
    };
    const a = drain(c.join('k', failing, new AbortController().signal).chunks);
    const b = drain(c.join('k', failing, new AbortController().signal).chunks);
    await expect(a).rejects.toThrow('upstream 500');
    await expect(b).rejects.toThrow('upstream 500');
  });
});
