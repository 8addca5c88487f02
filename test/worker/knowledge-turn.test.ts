import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { DoneFrame } from '../../shared/protocol';
import { ingest } from '../../worker/knowledge';
import { receivedRequests } from '../fixtures/mock-client';
import type { ParsedEvent } from '../fixtures/sse';
import { call, chatRequest, framesOf, mockProvider } from './helpers';

const textOf = (frames: ParsedEvent[]) => frames.map((f) => (f.frame.type === 'delta' ? f.frame.text : '')).join('');
const doneOf = (frames: ParsedEvent[]) => frames.find((f) => f.frame.type === 'done')?.frame as DoneFrame | undefined;
const metaOf = (frames: ParsedEvent[]) => frames.find((f) => f.frame.type === 'meta')?.frame;
type Sent = { messages: { role: string; content: string }[] };

const ARTICLES = [
  {
    id: 'warranty',
    title: 'Kettle warranty',
    url: 'https://kettles.test/help/warranty',
    body: 'Every Aurora kettle carries a 3-year warranty covering the heating element and the thermostat.',
  },
  { id: 'descaling', title: 'Descaling your kettle', body: 'Descale the Aurora kettle monthly with citric acid dissolved in warm water.' },
];

async function ask(siteKey: string, id: string, text: string): Promise<ParsedEvent[]> {
  return framesOf(await call(chatRequest({ siteKey, message: { id, text } })));
}

async function unansweredOf(site: string): Promise<string[]> {
  for (let i = 0; i < 40; i++) {
    const rows = await env.DB.prepare('SELECT question FROM knowledge_unanswered WHERE site = ?1').bind(site).all<{ question: string }>();
    if (rows.results.length > 0) return rows.results.map((r) => r.question);
    await new Promise((r) => setTimeout(r, 25));
  }
  return [];
}

describe('turns grounded in the site knowledge', () => {
  it('gives the model the retrieved passages as numbered sources, and the visitor the sources it cited', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'The warranty lasts 3 years [1], and never [7].' }] });
    await ingest(env.DB, mock.siteKey, ARTICLES);
    const frames = await ask(mock.siteKey, 'k1', 'How long is the kettle warranty?');
    const [sent] = await receivedRequests(env.MOCK_UPSTREAM, mock.id);
    const messages = ((sent?.body ?? { messages: [] }) as Sent).messages;
    const sources = messages.find((m, i) => i > 0 && m.role === 'system')?.content ?? '';
    expect(sources).toContain('[1] Kettle warranty (https://kettles.test/help/warranty)');
    expect(sources).toContain('3-year warranty covering the heating element');
    expect(sources).toMatch(/cite each one you use as \[n\]/);
    // The visitor sees the known marker, not the one naming no source.
    expect(textOf(frames)).toBe('The warranty lasts 3 years [1], and never .');
    expect(doneOf(frames)?.sources).toEqual([{ n: 1, title: 'Kettle warranty', url: 'https://kettles.test/help/warranty' }]);
  });

  it('in strict mode never asks the model a question the knowledge cannot answer, and records it as unanswered', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Our CEO is Jane and the office is in Paris.' }] });
    await ingest(env.DB, mock.siteKey, ARTICLES);
    const frames = await ask(mock.siteKey, 'k2', 'Who founded the company, and write to me at jo@example.com');
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toEqual([]);
    expect(metaOf(frames)).toMatchObject({ provider: 'knowledge', model: 'unanswered' });
    expect(textOf(frames)).toMatch(/don't have an answer.*talk to a person/);
    expect(doneOf(frames)?.sources).toBeUndefined();
    const [question] = await unansweredOf(mock.siteKey);
    expect(question).toContain('Who founded the company');
    expect(question).not.toContain('jo@example.com');
    const row = await env.DB.prepare('SELECT unanswered FROM audit_turns WHERE site = ?1')
      .bind(mock.siteKey)
      .first<{ unanswered: number }>();
    expect(row?.unanswered).toBe(1);
  });

  it('refuses in the visitor language', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'invented' }] });
    await ingest(env.DB, mock.siteKey, ARTICLES);
    expect(textOf(await ask(mock.siteKey, 'k3', '你们公司是谁创办的？'))).toContain('转人工');
    expect(textOf(await ask(mock.siteKey, 'k4', 'من أسس الشركة؟'))).toContain('التحدث إلى شخص');
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toEqual([]);
  });

  it('in balanced mode the model still answers an off-knowledge question', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'I am not sure; a person can help.' }] }, { assistant: { strictness: 'balanced' } });
    await ingest(env.DB, mock.siteKey, ARTICLES);
    expect(textOf(await ask(mock.siteKey, 'k5', 'Who founded the company?'))).toBe('I am not sure; a person can help.');
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toHaveLength(1);
  });

  it('puts the assistant name and per-locale instructions in the system prompt', async () => {
    const assistant = { name: 'Kira', instructions: { en: 'Always mention the 3-year warranty.', zh: '请用简体中文回答。' } };
    const mock = await mockProvider({ calls: [{ reply: 'ok' }] }, { assistant });
    await ingest(env.DB, mock.siteKey, ARTICLES);
    await ask(mock.siteKey, 'k6', 'How do I descale the kettle?');
    const [sent] = await receivedRequests(env.MOCK_UPSTREAM, mock.id);
    const system = ((sent?.body ?? { messages: [] }) as Sent).messages[0]?.content ?? '';
    expect(system).toContain('You are Kira, the customer-support assistant of');
    expect(system).toContain('Always mention the 3-year warranty.');
    expect(system).not.toContain('简体中文');
  });

  it('never serves a cached answer built from passages that have since been edited', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Monthly [1].' }] });
    await ingest(env.DB, mock.siteKey, ARTICLES);
    const question = 'Descale the Aurora kettle with what?';
    expect(metaOf(await ask(mock.siteKey, 'c1', question))).toMatchObject({ cached: false });
    await vi.waitFor(async () => expect((await env.CACHE.list({ prefix: `site/${mock.siteKey}/` })).keys).not.toHaveLength(0));
    const again = await ask(mock.siteKey, 'c2', question);
    expect(metaOf(again)).toMatchObject({ cached: true });
    expect(doneOf(again)?.sources).toEqual([{ n: 1, title: 'Descaling your kettle' }]);
    await ingest(env.DB, mock.siteKey, [
      { id: 'descaling', title: 'Descaling your kettle', body: 'Descale the Aurora kettle weekly with white vinegar.' },
    ]);
    const edited = await ask(mock.siteKey, 'c3', question);
    expect(metaOf(edited)).toMatchObject({ cached: false });
    const calls = await receivedRequests(env.MOCK_UPSTREAM, mock.id);
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[1]?.body)).toContain('weekly with white vinegar');
  });
});

describe('the demo site with no provider key', () => {
  it('answers a price from the shop page, citing it', async () => {
    const frames = await ask('demo', 'd1', 'How much does the Tieguanyin oolong cost?');
    expect(metaOf(frames)).toMatchObject({ provider: 'faq' });
    expect(textOf(frames)).toContain('$19');
    expect(textOf(frames)).not.toContain('$8');
    expect(doneOf(frames)?.sources).toEqual([{ n: 1, title: 'Our teas and prices', url: 'http://localhost:8787/#teas' }]);
  });

  it('answers in Chinese from the Chinese page', async () => {
    const frames = await ask('demo', 'd2', '铁观音多少钱？');
    expect(textOf(frames)).toContain('19 美元');
    expect(doneOf(frames)?.sources?.[0]).toMatchObject({ title: '茶叶与价格' });
  });

  it('invents nothing for a question its knowledge cannot answer, and offers a person', async () => {
    const frames = await ask('demo', 'd3', 'Is the tea certified organic by the EU?');
    const text = textOf(frames);
    expect(text).toMatch(/don't have an answer.*talk to a person/);
    expect(text).not.toMatch(/\$\d/);
    expect(doneOf(frames)?.sources).toBeUndefined();
  });
});
