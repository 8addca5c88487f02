import { describe, expect, it } from 'vitest';
import {
  assertOwner,
  conversationKey,
  conversationTokenFor,
  mintConversation,
  newOwner,
  verifyConversationToken,
} from '../../worker/conversation/conversation-token';

const ENV = { CONVERSATION_TOKEN_SECRET: 'unit-test-conversation-secret' };
const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('conversation tokens', () => {
  it('prove the owner of exactly one site:conversation', async () => {
    const { conversationId, conversationToken } = await mintConversation(ENV, 'demo', 'anon:v-1');
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await verifyConversationToken(ENV, 'demo', conversationId, conversationToken)).toBe('anon:v-1');
    const refused = [
      () => verifyConversationToken(ENV, 'other-site', conversationId, conversationToken),
      () => verifyConversationToken(ENV, 'demo', crypto.randomUUID(), conversationToken),
      () => verifyConversationToken({ CONVERSATION_TOKEN_SECRET: 'another-key' }, 'demo', conversationId, conversationToken),
      () => verifyConversationToken(ENV, 'demo', conversationId, undefined),
      () => verifyConversationToken(ENV, 'demo', conversationId, ''),
      () => verifyConversationToken(ENV, 'demo', conversationId, 'no-dot-at-all'),
      // The owner part swapped for another visitor, keeping the MAC: refused.
      () => verifyConversationToken(ENV, 'demo', conversationId, `${b64url('user:alice')}.${conversationToken.split('.')[1]}`),
    ];
    for (const attempt of refused) await expect(attempt()).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('bind a verified user to their sub, and keep anonymous and verified owners apart', async () => {
    expect(newOwner('alice')).toBe('user:alice');
    expect(newOwner(undefined, 'alice')).toBe('anon:alice');
    expect(newOwner(undefined)).toMatch(/^anon:[0-9a-f-]{36}$/);
    expect(() => assertOwner('user:alice', 'alice')).not.toThrow();
    expect(() => assertOwner('anon:alice', undefined)).not.toThrow();
    for (const [owner, sub] of [
      ['user:alice', 'bob'],
      ['user:alice', undefined],
      ['anon:alice', 'alice'],
    ] as const)
      expect(() => assertOwner(owner, sub), `${owner} / ${sub}`).toThrow(/another visitor/);
    const id = crypto.randomUUID();
    expect(await conversationTokenFor(ENV, 'demo', id, 'user:alice')).not.toBe(await conversationTokenFor(ENV, 'demo', id, 'anon:alice'));
  });

  it('are keyed by the secret, another configured secret, or only in local development a fixed key; otherwise refused', async () => {
    expect(await conversationKey(ENV)).toBe('unit-test-conversation-secret');
    const derived = await conversationKey({ VISITOR_TOKEN_SECRET: 'visitor-master' });
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    expect(derived).not.toBe(await conversationKey({ ADMIN_TOKEN: 'visitor-master-2' }));
    // Derived once per secret: every visitor request signs or checks a token with it.
    expect(conversationKey({ ADMIN_TOKEN: 'derived-once' })).toBe(conversationKey({ ADMIN_TOKEN: 'derived-once' }));
    expect(await conversationKey({ PARLEY_ENV: 'development' })).toMatch(/development/);
    const errors: string[] = [];
    const log = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      await expect(conversationKey({})).rejects.toMatchObject({
        code: 'internal',
        message: expect.stringContaining('CONVERSATION_TOKEN_SECRET'),
      });
      await expect(mintConversation({ PARLEY_ENV: 'production' }, 'demo', 'anon:x')).rejects.toMatchObject({ code: 'internal' });
    } finally {
      console.error = log;
    }
    expect(errors.join('\n')).toContain('conversation_key_missing');
  });
});
