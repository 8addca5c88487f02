import { describe, expect, it } from 'vitest';
import { type Conv, type Msg, mergeConv, mergeMsgs, patch } from '../../widget/state/conversation';
import { takeEvents } from '../../widget/transport/sse';

const msg = (id: string, at: number, more: Partial<Msg> = {}): Msg => ({
  id,
  role: 'assistant',
  text: '',
  at,
  status: 'streaming',
  ...more,
});

describe('conversation merge (two tabs, server history, this tab’s stream)', () => {
  it('keeps the union of both sides in time order', () => {
    const a = [msg('m1', 1, { role: 'visitor', status: 'done' }), msg('m1:a', 2, { text: 'hi', status: 'done' })];
    const b = [msg('m2', 3, { role: 'visitor', status: 'queued' }), msg('m1', 1, { role: 'visitor', status: 'done' })];
    expect(mergeMsgs(a, b).map((m) => m.id)).toEqual(['m1', 'm1:a', 'm2']);
  });
  it('takes the furthest copy of a message: later status, then longer text', () => {
    const streaming = msg('r', 1, { text: 'Orders ship within', status: 'streaming' });
    const done = msg('r', 1, { text: 'Orders ship within 1 day.', status: 'done' });
    const shorter = msg('r', 1, { text: 'Orders', status: 'streaming' });
    expect(mergeMsgs([done], [streaming])[0]?.status).toBe('done');
    expect(mergeMsgs([shorter], [streaming])[0]?.text).toBe('Orders ship within');
  });
  it('a retry (higher version) wins over the older, longer failed copy', () => {
    const failed = msg('r', 1, { text: 'half', status: 'failed' });
    const retried = msg('r', 1, { text: '', status: 'streaming', v: 1 });
    expect(mergeMsgs([failed], [retried])[0]).toMatchObject({ v: 1, text: '' });
  });
  it('keeps a rating given in either tab', () => {
    const rated = msg('r', 1, { text: 'x', status: 'done', rating: 'up' });
    const plain = msg('r', 1, { text: 'x', status: 'done' });
    expect(mergeMsgs([rated], [plain])[0]?.rating).toBe('up');
    expect(mergeMsgs([plain], [rated])[0]?.rating).toBe('up');
  });
  it('a different conversation id replaces the old one; the highest seq survives', () => {
    const c: Conv = { cid: 'c1', vid: 'v', msgs: [], seq: 5, handoff: false };
    expect(mergeConv(c, { ...c, cid: 'c2', seq: 0 }).cid).toBe('c2');
    expect(mergeConv(c, { ...c, seq: 3 }).seq).toBe(5);
  });
  it('patch adds a missing message only when given one', () => {
    const c: Conv = { cid: 'c', vid: 'v', msgs: [], seq: 0, handoff: false };
    expect(patch(c, 'x', { text: 'a' }).msgs).toHaveLength(0);
    expect(patch(c, 'x', { text: 'a' }, msg('ignored', 1)).msgs[0]).toMatchObject({ id: 'x', text: 'a' });
  });
});

describe('SSE event splitting', () => {
  it('returns complete events and keeps the unfinished tail', () => {
    let rest = '';
    const got = takeEvents('event: delta\ndata: {"a":1}\nid: 1\n\n: keep-alive\n\ndata: {"b"', (r) => (rest = r));
    expect(got).toEqual(['{"a":1}']);
    expect(rest).toBe('data: {"b"');
    expect(takeEvents(`${rest}:2}\r\n\r\n`, (r) => (rest = r))).toEqual(['{"b":2}']);
  });
});
