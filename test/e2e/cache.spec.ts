import { receivedRequests } from '../fixtures/mock-client';
import { parseSse } from '../fixtures/sse';
import { expect, test } from './fixtures';

// Workers give each HTTP request its own I/O context; the Worker tests call the app in one context,
// so coalescing across real, separate requests is shown here, against the built Worker in workerd.
test('concurrent identical requests share one upstream call and every one streams the whole reply', async ({ mock, scripted }) => {
  const reply = 'Yes, the blue lantern lamp ships to Canada in five to eight business days.';
  const parley = await scripted('e2e-coalesce', { calls: [{ reply, firstTokenMs: 300, paceMs: 10 }] });
  const ask = (i: number) =>
    fetch(`${parley.url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: parley.url },
      body: JSON.stringify({ siteKey: 'demo', message: { id: `e${i}`, text: 'Is the blue lantern lamp sold in Canada?' } }),
    });
  const responses = await Promise.all([0, 1, 2, 3, 4].map(ask));
  expect(responses.map((r) => r.headers.get('x-parley-cache'))).toEqual(['miss', 'miss', 'miss', 'miss', 'miss']);
  for (const res of responses) {
    const frames = parseSse(await res.text()).map((e) => e.frame);
    expect(frames.map((f) => (f.type === 'delta' ? f.text : '')).join('')).toBe(reply);
    expect(frames.at(-1)).toMatchObject({ type: 'done', finish: 'stop' });
  }
  expect(await receivedRequests(mock.url, 'e2e-coalesce')).toHaveLength(1);

  // And the next one is a hit from the entry the leader wrote.
  const again = await ask(9);
  expect(again.headers.get('x-parley-cache')).toBe('hit');
  expect(parseSse(await again.text()).at(0)?.frame).toMatchObject({ type: 'meta', cached: true });
});
