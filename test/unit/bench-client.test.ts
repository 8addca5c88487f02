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

describe('bench client and mock upstream limits', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('the mock keeps idle connections for the keep-alive time a benchmark asks for', async () => {
    const mock = await startMockUpstream(0, { keepAliveTimeoutMs: 120_000 });
    close = mock.close;
    const res = await fetch(`${mock.url}/__requests/none`);
    await res.text();
    expect(res.headers.get('keep-alive')).toBe('timeout=120');
  });

  it('the mock keeps its 1 s keep-alive when no limits are given', async () => {
    const mock = await startMockUpstream();
    close = mock.close;
    const res = await fetch(`${mock.url}/__requests/none`);
    await res.text();
    expect(res.headers.get('keep-alive')).toBe('timeout=1');
  });

  it('the bench client opens a connection per request instead of re-using one', async () => {
    const mock = await startMockUpstream(0, { keepAliveTimeoutMs: 120_000 });
    close = mock.close;
    const res = await benchFetch(`${mock.url}/__requests/none`);
    await res.text();
    expect(res.headers.get('connection')).toBe('close');
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
