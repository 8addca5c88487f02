/**
 * A conversation object reads its settings and secrets from its own env: what the Worker passes with a
 * call is the call context (site, conversation, owner, token), and anything else in it is ignored.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../worker/conversation/config';
import { conversationStub } from '../../worker/conversation/index';
import type { WorkerEnv } from '../../worker/env';
import { framesOf } from './helpers';
import { newConversation } from './ws-helpers';

describe('conversation settings', () => {
  it('come from the object’s env, never from the call: a call carrying settings cannot tighten or loosen them', async () => {
    const conversationId = newConversation();
    const stub = conversationStub(env as unknown as WorkerEnv, 'demo', conversationId);
    // An extra `env` in the call context (what a caller might try to smuggle in) must have no effect.
    const call = {
      siteKey: 'demo',
      conversationId,
      owner: 'anon:v-settings',
      conversationToken: 'unused-by-the-object',
      env: { VISITOR_MSGS_PER_MIN: '1' },
    } as const;
    for (const id of ['s1', 's2', 's3']) {
      // The first call creates the conversation (as the Worker does when it mints one), the others join it.
      const res = await stub.chat({ ...call, fresh: id === 's1' } as CallContext, {
        message: { id, text: 'How long does shipping take?' },
      });
      expect(res.status, `message ${id}`).toBe(200);
      expect((await framesOf(res)).at(-1)?.frame).toMatchObject({ type: 'done', messageId: id });
    }
  });
});
