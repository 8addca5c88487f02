/**
 * A site's own limits (`SiteConfig.limits`) are what its visitors get: the longest message and the
 * messages per visitor per minute, on both transports, and the widget learns the size from its config.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { admin, BOOT } from './admin-helpers';
import { call, chatRequest, framesOf, ORIGIN } from './helpers';
import { isEnd, newConversation, openWs } from './ws-helpers';

const KEY = 'tight-limits';

async function publishTightSite(): Promise<void> {
  const created = await admin('POST', '/sites', BOOT, {
    key: KEY,
    name: 'Tight limits',
    origins: [ORIGIN],
    limits: { maxMessageChars: 40, messagesPerMinute: 2 },
    intents: [{ id: 'hours', label: 'Hours', examples: ['when are you open'], answer: { en: 'Nine to five.' } }],
  });
  expect([201, 409]).toContain(created.status); // 409: an earlier test in this file created it
  expect((await admin('POST', `/sites/${KEY}/publish`, BOOT)).status).toBe(200);
}

describe("a site's limits", () => {
  it('the widget config carries the longest message the site accepts', async () => {
    await publishTightSite();
    const res = await call(new Request(`http://parley.test/v1/widget-config?siteKey=${KEY}`, { headers: { origin: ORIGIN } }));
    expect(await res.json()).toMatchObject({ maxMessageChars: 40 });
    const demo = await call(new Request('http://parley.test/v1/widget-config?siteKey=demo', { headers: { origin: ORIGIN } }));
    expect(await demo.json()).toMatchObject({ maxMessageChars: 4000 });
  });

  it('over WebSocket: a long message gets too_large and the conversation goes on; the third in a minute is rate_limited', async () => {
    await publishTightSite();
    const cid = newConversation();
    const s = await openWs({ conversationId: cid, siteKey: KEY });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: KEY, conversationId: cid });
    await s.next((f) => f.type === 'ready');
    s.send({ type: 'message', id: 'long', text: 'when are you open, and also tell me about everything else' });
    expect(await s.next(isEnd('long'))).toMatchObject({ type: 'error', code: 'too_large', retryable: false });
    for (const id of ['a', 'b']) {
      s.send({ type: 'message', id, text: 'when are you open' });
      expect(await s.next(isEnd(id))).toMatchObject({ type: 'done' });
    }
    s.send({ type: 'message', id: 'c', text: 'when are you open' });
    const err = await s.next(isEnd('c'));
    expect(err).toMatchObject({ type: 'error', code: 'rate_limited', retryable: true });
    expect(err.type === 'error' && err.retryAfter).toBeGreaterThan(0);
    s.ws.close();
  });

  it('over SSE: a long message is refused with HTTP 413 too_large before any turn runs', async () => {
    await publishTightSite();
    const conversationId = newConversation();
    const long = await call(chatRequest({ siteKey: KEY, conversationId, message: { id: 'x', text: 'y'.repeat(41) } }));
    expect(long.status).toBe(413);
    expect(await long.json()).toMatchObject({ error: { code: 'too_large' } });
    const ok = await call(chatRequest({ siteKey: KEY, conversationId, message: { id: 'z', text: 'when are you open' } }));
    expect(ok.status).toBe(200);
    expect((await framesOf(ok)).map((f) => f.event)).toContain('done');
  });
});
