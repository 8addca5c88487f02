import { describe, expect, it } from 'vitest';
import { describeChange, diffSettings, setIn } from '../../widget/admin/config-diff';

describe('diffSettings: what publishing the console draft changes, by path', () => {
  const cases: { name: string; live: Record<string, unknown> | null; draft: Record<string, unknown>; lines: string[] }[] = [
    {
      name: 'no change, key order aside',
      live: { theme: { color: '#000000', position: 'right' } },
      draft: { theme: { position: 'right', color: '#000000' } },
      lines: [],
    },
    {
      name: 'a changed leaf',
      live: { theme: { color: '#000000' } },
      draft: { theme: { color: '#ffffff' } },
      lines: ['~ theme.color: "#000000" → "#ffffff"'],
    },
    {
      name: 'an added optional section, leaf by leaf',
      live: { name: 'a' },
      draft: { name: 'a', cache: { enabled: false, defaultTtlSeconds: 60 } },
      lines: ['+ cache.defaultTtlSeconds: 60', '+ cache.enabled: false'],
    },
    { name: 'a removed key', live: { limits: { tokensPerDay: 5 } }, draft: { limits: {} }, lines: ['− limits.tokensPerDay (was 5)'] },
    {
      name: 'a list of values compares whole',
      live: { origins: ['a', 'b'] },
      draft: { origins: ['a', 'c'] },
      lines: ['~ origins: ["a","b"] → ["a","c"]'],
    },
    {
      name: 'a list of objects by index',
      live: { tiers: { fast: [{ provider: 'faq', model: 'faq' }] } },
      draft: {
        tiers: {
          fast: [
            { provider: 'openai', model: 'faq' },
            { provider: 'faq', model: 'faq' },
          ],
        },
      },
      lines: ['~ tiers.fast.0.provider: "faq" → "openai"', '+ tiers.fast.1.model: "faq"', '+ tiers.fast.1.provider: "faq"'],
    },
    { name: 'never published: everything is new', live: null, draft: { name: 'n' }, lines: ['+ name: "n"'] },
    { name: 'skipped keys are left out', live: { intents: [1], version: 1 }, draft: { intents: [2], version: 2 }, lines: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(diffSettings(c.live, c.draft, ['intents', 'version']).map(describeChange)).toEqual(c.lines);
    });
  }
});

describe('setIn: the draft after one field edit', () => {
  it('sets a nested value without touching the original, creating objects on the way', () => {
    const doc = { theme: { color: '#000000' } };
    const next = setIn(doc, ['guards', 'piiTypes', 'CARD'], 'block');
    expect(next).toEqual({ theme: { color: '#000000' }, guards: { piiTypes: { CARD: 'block' } } });
    expect(doc).toEqual({ theme: { color: '#000000' } });
    expect(next.theme).toBe(doc.theme);
  });
  it('undefined deletes the key (an empty optional field is absent, so the schema default applies)', () => {
    expect(setIn({ limits: { tokensPerDay: 5, messagesPerMinute: 3 } }, ['limits', 'tokensPerDay'], undefined)).toEqual({
      limits: { messagesPerMinute: 3 },
    });
  });
  it('indexes into arrays', () => {
    expect(setIn({ tiers: { fast: [{ model: 'a' }, { model: 'b' }] } }, ['tiers', 'fast', 1, 'model'], 'c')).toEqual({
      tiers: { fast: [{ model: 'a' }, { model: 'c' }] },
    });
  });
});
