import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import { ClientFrame, ServerFrame } from '../../shared/protocol';
import { ChatRequest } from '../../shared/protocol-http';
import { encodeSseFrame } from '../../shared/sse';
import { originAllowed } from '../../worker/storage/sites';
import { parseSse } from '../fixtures/sse';

describe('protocol schemas', () => {
  it.each([
    { type: 'hello', protocol: 1, siteKey: 'demo' },
    { type: 'message', id: 'm1', text: 'hi' },
    { type: 'stop', messageId: 'm1' },
    { type: 'feedback', messageId: 'm1', rating: 'up' },
    { type: 'ping' },
  ])('accepts client frame %j', (f) => expect(ClientFrame.safeParse(f).success).toBe(true));

  it.each([
    { type: 'message', id: 'm1' },
    { type: 'message', id: 'bad id!', text: 'x' },
    { type: 'feedback', messageId: 'm1', rating: 'meh' },
    { type: 'shout', text: 'x' },
  ])('rejects client frame %j', (f) => expect(ClientFrame.safeParse(f).success).toBe(false));

  it('rejects an over-long chat message', () => {
    expect(ChatRequest.safeParse({ siteKey: 'demo', message: { id: 'a', text: 'x'.repeat(4001) } }).success).toBe(false);
  });

  it('SSE framing round-trips: event name is the type, id is the seq', () => {
    const frame = ServerFrame.parse({ type: 'delta', seq: 7, messageId: 'm1', text: 'line one\nline two' });
    const [parsed] = parseSse(encodeSseFrame(frame));
    expect(parsed).toEqual({ id: '7', event: 'delta', frame });
  });
});

describe('origin allow-list', () => {
  const site = SiteConfig.parse({ key: 's', name: 'S', origins: ['localhost', 'https://shop.example'] });
  it.each([
    ['http://localhost:8787', true],
    ['https://localhost', true],
    ['https://shop.example', true],
    ['http://shop.example', false],
    ['https://shop.example.evil.com', false],
    ['https://evil.example', false],
    ['null', false],
    ['file://localhost', false],
  ])('%s → %s', (origin, ok) => expect(originAllowed(site, origin)).toBe(ok));
});
