import { afterEach, describe, expect, it } from 'vitest';
import { benchFetch, errorCode } from '../bench/measure';
import { sseTurn } from '../bench/visitor-clients';
import { startMockUpstream } from '../fixtures/mock-upstream';

describe('bench error causes', () => {
  it.each([
    [
      Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
      'ECONNRESET',
    ],
    [
      Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }),
      'UND_ERR_SOCKET',
    ],
    [Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [new Error('no end for m1 within 30000 ms'), 'no end for m1 within 30000 ms'],
  ])('names the most specific code of %s', (err, code) => {
    expect(errorCode(err)).toBe(code);
  });
});

type Client = (url: string) => Promise<{ text(): Promise<string>; headers: { get(name: string): string | null } }>;

describe('bench client and mock upstream limits', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /** The header a fresh mock answers `/__requests/none` with, fetched by `client`. */
  async function header(name: string, client: Client, limits?: { keepAliveTimeoutMs: number }): Promise<string | null> {
    const mock = await startMockUpstream(0, limits);
    close = mock.close;
    const res = await client(`${mock.url}/__requests/none`);
    await res.text();
    return res.headers.get(name);
  }

  it('the mock keeps idle connections for the keep-alive time a benchmark asks for', async () => {
    expect(await header('keep-alive', fetch, { keepAliveTimeoutMs: 120_000 })).toBe('timeout=120');
  });

  it('the mock keeps its 1 s keep-alive when no limits are given', async () => {
    expect(await header('keep-alive', fetch)).toBe('timeout=1');
  });

  it('the bench client opens a connection per request instead of re-using one', async () => {
    expect(await header('connection', benchFetch, { keepAliveTimeoutMs: 120_000 })).toBe('close');
  });

  it('a turn that is refused reports its status, not a time', async () => {
    const mock = await startMockUpstream();
    close = mock.close;
    expect(await sseTurn(`${mock.url}/nothing-here`, {})).toEqual({ ok: false, cause: 'HTTP 404' });
  });

  it('a streamed turn reports the time to its first content chunk', async () => {
    const mock = await startMockUpstream();
    close = mock.close;
    const turn = await sseTurn(`${mock.url}/v1/chat/completions`, { model: 'x', stream: true, messages: [] });
    expect(turn.ok).toBe(true);
    expect(turn.ok && turn.first).toBeGreaterThan(0);
  });
});
