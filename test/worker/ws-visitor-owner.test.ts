/**
 * An anonymous visitor on the WebSocket is named in `hello`, as `POST /v1/chat` names it in its body: the object
 * claims a conversation the upgrade minted for `anon:<visitorId>`, so export and delete by visitor find it.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { verifyConversationToken } from '../../worker/conversation/conversation-token';
import type { WorkerEnv } from '../../worker/env';
import { openWs } from './ws-helpers';

describe('hello.visitorId on a new WebSocket conversation', () => {
  it('makes anon:<visitorId> its owner, in the conversation token ready hands out', async () => {
    const s = await openWs({ siteKey: 'demo' });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: 'demo', visitorId: 'visitor-on-the-socket' });
    const ready = await s.next((f) => f.type === 'ready');
    s.ws.close();
    if (ready.type !== 'ready') throw new Error('no ready frame');
    const owner = await verifyConversationToken(env as WorkerEnv, 'demo', ready.conversationId, ready.conversationToken);
    expect(owner).toBe('anon:visitor-on-the-socket');
  });
});
