import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import type { TurnEvent } from '../../shared/protocol';
import type { TurnRecord } from '../../worker/pipeline/record';
import { runTurn } from '../../worker/pipeline/turn';
import type { ProviderRegistry } from '../../worker/providers/registry';
import type { Provider, ProviderRequest } from '../../worker/providers/types';
import { DEMO_SITE } from '../../worker/seed/demo-site';

const site = SiteConfig.parse(DEMO_SITE);

/** A provider that records what it was asked and answers "ok". */
function recordingProvider(): { provider: Provider; asked: ProviderRequest[] } {
  const asked: ProviderRequest[] = [];
  return {
    asked,
    provider: {
      id: 'fake',
      async *stream(req) {
        asked.push(req);
        yield { type: 'text', text: 'ok' };
        yield { type: 'finish', reason: 'stop' };
      },
    },
  };
}

/** A registry whose every tier is the one fake provider. */
function registryOf(provider: Provider): ProviderRegistry {
  const chain = [{ provider: provider.id, model: 'fake-1', params: {} }];
  return {
    providers: new Map([[provider.id, provider]]),
    defaultTiers: { fast: chain, default: chain, premium: chain },
    models: new Map(),
  };
}

async function turn(text: string) {
  const { provider, asked } = recordingProvider();
  const records: TurnRecord[] = [];
  const events: TurnEvent[] = [];
  const gen = runTurn(
    {
      site,
      conversationId: 'c1',
      message: { id: 'm1', text },
      history: [],
      signal: new AbortController().signal,
    },
    { fetch, now: () => 0, providers: registryOf(provider), onEnd: (r) => records.push(r) },
  );
  for await (const ev of gen) events.push(ev);
  return { events, records, asked };
}

describe('the turn pipeline routes before the provider', () => {
  it('a canned answer never reaches the provider, and the record carries intent and tier', async () => {
    const { events, records, asked } = await turn('Which payment methods do you accept?');
    expect(asked).toEqual([]);
    expect(events[0]).toMatchObject({ type: 'meta', intent: 'payment', tier: 'fast', provider: 'faq', model: 'canned' });
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(5);
    expect(records).toEqual([
      expect.objectContaining({ intent: 'payment', tier: 'fast', provider: 'faq', model: 'canned', status: 'done' }),
    ]);
  });

  it('an intent without a canned answer goes to the provider with its system prompt, tier in the record', async () => {
    const { events, records, asked } = await turn('How do I brew green tea?');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.messages[0]?.content).toMatch(/brewing advice/i);
    expect(events[0]).toMatchObject({ intent: 'brewing', tier: 'default', provider: 'fake', handoff: false });
    expect(records[0]).toMatchObject({ intent: 'brewing', tier: 'default', provider: 'fake', model: 'fake-1' });
  });

  it('a handoff intent is marked in meta', async () => {
    const { events } = await turn('转人工');
    expect(events[0]).toMatchObject({ intent: 'talk-to-human', handoff: true });
  });
});
