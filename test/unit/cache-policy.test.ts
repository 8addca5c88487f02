import { describe, expect, it } from 'vitest';
import { CacheSettings } from '../../shared/config';
import { CACHE_FORMAT_VERSION, decodeEntry } from '../../worker/pipeline/cache/entry';
import { cacheEligible, shouldStore, type TurnOutcome, wordChunks } from '../../worker/pipeline/cache/policy';

const settings = CacheSettings.parse({});

describe('cacheEligible: site switch, intent policy, sampling temperature', () => {
  const on = { cacheable: true, ttlSeconds: 600 };
  const cases: [string, boolean, Parameters<typeof cacheEligible>][] = [
    ['defaults, no temperature set', true, [settings, on, undefined]],
    ['temperature at the threshold', true, [settings, on, settings.maxTemperature]],
    ['temperature above the threshold', false, [settings, on, settings.maxTemperature + 0.01]],
    ['site switched off', false, [{ ...settings, enabled: false }, on, 0]],
    ['intent not cacheable', false, [settings, { cacheable: false, ttlSeconds: 600 }, 0]],
    ['intent TTL zero', false, [settings, { cacheable: true, ttlSeconds: 0 }, 0]],
    ['a site allowing warmer sampling', true, [{ ...settings, maxTemperature: 1 }, on, 0.9]],
  ];
  for (const [name, want, args] of cases) it(`${name} → ${want}`, () => expect(cacheEligible(...args)).toBe(want));
});

describe('shouldStore: only complete, untouched replies', () => {
  const ok: TurnOutcome = { status: 'done', finish: 'stop', text: 'A reply.', tainted: false };
  const cases: [string, boolean, Partial<TurnOutcome>][] = [
    ['done + stop + untouched', true, {}],
    ['error', false, { status: 'error', finish: null }],
    ['cut at max tokens (length)', false, { finish: 'length' }],
    ['stopped by the visitor', false, { finish: 'stopped' }],
    ['filtered (blocked)', false, { finish: 'filtered' }],
    ['guard altered or flagged', false, { tainted: true }],
    ['empty text', false, { text: '  ' }],
    ['called tools (its text is not the whole answer)', false, { toolCalls: true }],
  ];
  for (const [name, want, patch] of cases) it(`${name} → ${want}`, () => expect(shouldStore({ ...ok, ...patch })).toBe(want));
});

describe('wordChunks: replay is word-sized, never one lump, and lossless', () => {
  const cases: [string, string[]][] = [
    ['Orders ship within 1 business day.', ['Orders ', 'ship ', 'within ', '1 ', 'business ', 'day.']],
    ['  leading and trailing  ', ['  leading ', 'and ', 'trailing  ']],
    ['line one\nline two', ['line ', 'one\n', 'line ', 'two']],
    ['退款将在3到5个工作日内原路退回。', ['退款将', '在3到', '5个工', '作日内', '原路退', '回。']],
    ['', ['']],
  ];
  for (const [text, want] of cases) {
    it(JSON.stringify(text), () => {
      const chunks = wordChunks(text);
      if (text) expect(chunks).toEqual(want);
      expect(chunks.join('')).toBe(text);
    });
  }
});

describe('decodeEntry rejects other format versions and malformed values', () => {
  const entry = {
    v: CACHE_FORMAT_VERSION,
    text: 'Hi',
    provider: 'openai',
    model: 'm',
    intent: null,
    tier: 'default',
    usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd: 0, estimated: false },
    createdAt: 1,
    expiresAt: 2,
  };
  it('accepts the current version', () => expect(decodeEntry(JSON.stringify(entry))?.text).toBe('Hi'));
  it('rejects another version', () => expect(decodeEntry(JSON.stringify({ ...entry, v: CACHE_FORMAT_VERSION + 1 }))).toBeNull());
  it('rejects a missing field', () => expect(decodeEntry(JSON.stringify({ ...entry, text: undefined }))).toBeNull());
  it('rejects non-JSON', () => expect(decodeEntry('{not json')).toBeNull());
});
