/**
 * The conversation store keeps the object's `state` rows and its transcript length in memory once read: every
 * turn asks for owner, site, vault, handoff and alarm state, and SQLite is read for each key once per instance.
 * Writes go through to SQLite; a write that changes nothing is not made; `open` (after a deleteAll) forgets.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../worker/conversation/conversation';
import { ConversationStore } from '../../worker/conversation/store';

/** The object's real SQLite, with every statement it is asked to run counted by its first word and table. */
function counted(sql: SqlStorage): { sql: SqlStorage; statements: string[] } {
  const statements: string[] = [];
  const proxy = new Proxy(sql, {
    get(target, prop) {
      if (prop === 'exec')
        return (query: string, ...bindings: unknown[]) => {
          statements.push(query);
          return target.exec(query, ...bindings);
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { sql: proxy, statements };
}

const inObject = <T>(name: string, fn: (sql: SqlStorage) => T) =>
  runInDurableObject(env.CONVERSATION.get(env.CONVERSATION.idFromName(name)) as DurableObjectStub<Conversation>, (_o, ctx) =>
    fn(ctx.storage.sql),
  );

const reads = (s: string[]) => s.filter((q) => q.startsWith('SELECT v FROM state')).length;
const writes = (s: string[]) => s.filter((q) => /INTO state|FROM state WHERE k/.test(q) && !q.startsWith('SELECT')).length;

describe('conversation store: state in memory, written through', () => {
  it('reads each state key from SQLite once, absent keys included, and sees its own writes', async () => {
    await inObject('store-state-1', (raw) => {
      const { sql, statements } = counted(raw);
      const store = new ConversationStore(sql);
      expect(store.get('owner')).toBeNull();
      expect(store.get('owner')).toBeNull();
      store.set('owner', 'anon:a');
      expect(store.get('owner')).toBe('anon:a');
      store.delete('owner');
      expect(store.get('owner')).toBeNull();
      expect(reads(statements)).toBe(1);
      // The writes reached SQLite: a second store over the same storage reads them.
      store.set('site', 'demo');
      expect(new ConversationStore(raw).get('site')).toBe('demo');
      expect(new ConversationStore(raw).get('owner')).toBeNull();
    });
  });

  it('skips a write that would store the value already there, and makes one that changes it', async () => {
    await inObject('store-state-2', (raw) => {
      const { sql, statements } = counted(raw);
      const store = new ConversationStore(sql);
      store.set('vault', '{"a":1}');
      store.set('vault', '{"a":1}');
      expect(writes(statements)).toBe(1);
      store.set('vault', '{"a":2}');
      expect(writes(statements)).toBe(2);
      expect(new ConversationStore(raw).get('vault')).toBe('{"a":2}');
    });
  });

  it('counts the transcript once, follows its additions and recounts after a purge', async () => {
    await inObject('store-state-3', (raw) => {
      const { sql, statements } = counted(raw);
      const store = new ConversationStore(sql);
      const counts = () => statements.filter((q) => q.startsWith('SELECT COUNT(*) AS n FROM messages')).length;
      expect(store.messageCount()).toBe(0);
      store.addMessage({ role: 'visitor', id: 'm1', text: 'hello', at: 1 });
      store.addMessage({ role: 'assistant', id: 'm1', text: 'hi', at: Date.now() });
      expect(store.messageCount()).toBe(2);
      expect(counts()).toBe(1);
      expect(store.purgeBefore(2)).toBe(1);
      expect(store.messageCount()).toBe(1);
      expect(counts()).toBe(2);
    });
  });

  it('forgets what it knew on open, as after the storage was deleted', async () => {
    await inObject('store-state-4', (raw) => {
      const store = new ConversationStore(raw);
      store.set('owner', 'anon:a');
      store.addMessage({ role: 'visitor', id: 'm1', text: 'hello', at: 1 });
      expect(store.messageCount()).toBe(1);
      raw.exec('DELETE FROM state');
      raw.exec('DELETE FROM messages');
      store.open();
      expect(store.get('owner')).toBeNull();
      expect(store.messageCount()).toBe(0);
    });
  });
});
