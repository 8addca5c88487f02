import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import { trainRouterModel } from '../../worker/pipeline/router/index';
import { type LiveVersion, liveCache } from '../../worker/storage/live-cache';

const version = (n: number, answer: string): LiveVersion => {
  const config = SiteConfig.parse({
    key: 's',
    name: 'S',
    origins: ['x'],
    version: n,
    intents: [{ id: 'hi', label: 'Hi', keywords: ['hello'], answer: { en: answer } }],
  });
  return { config, model: trainRouterModel(config.intents) };
};

describe('live site cache (per isolate, short TTL, injected clock)', () => {
  it('serves the cached version until the TTL passes, then the newly published one', async () => {
    let now = 1_000;
    let stored = version(1, 'one');
    let loads = 0;
    const cache = liveCache(() => now, 5_000);
    const load = async () => {
      loads++;
      return stored;
    };
    expect((await cache.get('s', load))?.router.route('hello').answer).toBe('one');
    stored = version(2, 'two'); // published by another isolate
    now += 4_999;
    expect((await cache.get('s', load))?.site.version).toBe(1);
    now += 1;
    const after = await cache.get('s', load);
    expect(after?.site.version).toBe(2);
    expect(after?.router.route('hello').answer).toBe('two');
    expect(loads).toBe(2);
  });

  it('after the TTL, an unchanged live version keeps the compiled entry without reloading it', async () => {
    let now = 0;
    let live = 1;
    let loads = 0;
    const cache = liveCache(() => now, 5_000);
    const load = async () => {
      loads++;
      return version(live, live === 1 ? 'one' : 'two');
    };
    const probe = async () => live;
    const first = await cache.get('s', load, probe);
    now += 6_000;
    expect(await cache.get('s', load, probe)).toBe(first);
    expect(loads).toBe(1);
    live = 2; // a publish elsewhere
    now += 6_000;
    expect((await cache.get('s', load, probe))?.router.route('hello').answer).toBe('two');
    expect(loads).toBe(2);
  });

  it('remembers unknown keys for the TTL too, and invalidate forces a reload', async () => {
    let loads = 0;
    const cache = liveCache(() => 0, 5_000);
    const load = async () => {
      loads++;
      return null;
    };
    expect(await cache.get('nope', load)).toBeNull();
    expect(await cache.get('nope', load)).toBeNull();
    expect(loads).toBe(1);
    cache.invalidate('nope');
    await cache.get('nope', load);
    expect(loads).toBe(2);
  });
});
