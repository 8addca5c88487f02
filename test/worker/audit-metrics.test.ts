import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { setFeedback } from '../../worker/audit/store';
import { ADMIN, authEnv, bearer, METRICS, seedTurn } from './audit-support';
import { call, chatRequest, framesOf, mockProvider, ORIGIN, realId, visitorPost } from './helpers';
import { answeredConversation, newConversation } from './ws-helpers';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of the Prometheus text exposition format (0.0.4): throws on any malformed line. */
function parseProm(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        types.set(meta[2] ?? '', meta[3] ?? '');
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.eE+-]+|\+Inf|NaN)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[3] ?? '';
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let consumed = 0;
    for (let l = re.exec(body); l; l = re.exec(body)) {
      labels[l[1] ?? ''] = (l[2] ?? '').replace(/\\(.)/g, '$1');
      consumed = re.lastIndex;
    }
    if (consumed !== body.length) throw new Error(`bad labels: ${line}`);
    samples.push({ name: m[1] ?? '', labels, value: Number(m[4]) });
  }
  return { samples, types };
}

const pick = (s: Sample[], name: string, labels: Record<string, string>) =>
  s.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
const sum = (s: Sample[]) => s.reduce((a, x) => a + x.value, 0);

describe('/metrics', () => {
  it('refuses requests without a valid token', async () => {
    expect((await call(new Request('http://parley.test/metrics'), authEnv)).status).toBe(401);
    expect((await call(new Request('http://parley.test/metrics', { headers: bearer('wrong') }), authEnv)).status).toBe(401);
  });

  it('serves the audit rows as Prometheus text: turns, errors by code, histograms, tokens, cost, cache hits', async () => {
    const site = 'metrics-site';
    const now = Date.now();
    const ttfds = [40, 90, 150, 300, 700, 900, 2000];
    for (const [i, ttftMs] of ttfds.entries()) {
      await seedTurn(now - i * 1000, { siteKey: site, ttftMs, totalMs: ttftMs + 100, cached: i < 2 });
    }
    await seedTurn(now, { siteKey: site, status: 'error', finish: null, errorCode: 'timeout', ttftMs: null, totalMs: 5000 });
    await seedTurn(now, { siteKey: site, status: 'error', finish: null, errorCode: 'timeout', ttftMs: null, totalMs: 5000 });
    await seedTurn(now, { siteKey: site, status: 'error', finish: null, errorCode: 'upstream_error', ttftMs: 80, totalMs: 90 });

    const res = await call(new Request('http://parley.test/metrics', { headers: bearer(METRICS) }), authEnv);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseProm(await res.text());

    expect(types.get('parley_turns_total')).toBe('counter');
    expect(types.get('parley_ttfd_ms')).toBe('histogram');
    expect(sum(pick(samples, 'parley_turns_total', { site }))).toBe(10);
    expect(sum(pick(samples, 'parley_turns_total', { site, status: 'error' }))).toBe(3);
    expect(sum(pick(samples, 'parley_errors_total', { site, code: 'timeout' }))).toBe(2);
    expect(sum(pick(samples, 'parley_errors_total', { site, code: 'upstream_error' }))).toBe(1);
    expect(sum(pick(samples, 'parley_cache_hits_total', { site }))).toBe(2);
    expect(sum(pick(samples, 'parley_tokens_total', { site, kind: 'input' }))).toBe(100);
    expect(sum(pick(samples, 'parley_tokens_total', { site, kind: 'output' }))).toBe(200);
    expect(sum(pick(samples, 'parley_cost_usd_total', { site }))).toBeCloseTo(0.01, 6);

    // Histogram buckets are cumulative, +Inf equals _count, _sum is the total of the observations.
    const bucket = (le: string) => pick(samples, 'parley_ttfd_ms_bucket', { site, le })[0]?.value;
    expect(bucket('50')).toBe(1);
    expect(bucket('100')).toBe(3); // 40, 80, 90
    expect(bucket('800')).toBe(6);
    expect(bucket('1600')).toBe(7);
    expect(bucket('+Inf')).toBe(8);
    expect(pick(samples, 'parley_ttfd_ms_count', { site })[0]?.value).toBe(8);
    expect(pick(samples, 'parley_ttfd_ms_sum', { site })[0]?.value).toBe(ttfds.reduce((a, b) => a + b, 0) + 80);
    expect(pick(samples, 'parley_turn_duration_ms_count', { site })[0]?.value).toBe(10);
  });

  it('accepts an admin token too, and the dashboard summary reads the same figures', async () => {
    const site = 'summary-site';
    const now = Date.now();
    for (let i = 0; i < 4; i++) await seedTurn(now - 60_000, { siteKey: site, intent: i < 3 ? 'refund' : 'hours', cached: i === 0 });
    await seedTurn(now - 60_000, { siteKey: site, status: 'error', errorCode: 'timeout', finish: null, intent: null });
    const prom = await call(new Request('http://parley.test/metrics', { headers: bearer(ADMIN) }), authEnv);
    expect(prom.status).toBe(200);
    const { samples } = parseProm(await prom.text());

    const res = await call(
      new Request(`http://parley.test/admin/api/metrics/summary?range=hour&site=${site}`, { headers: bearer(ADMIN) }),
      authEnv,
    );
    expect(res.status).toBe(200);
    const s = (await res.json()) as {
      totals: { turns: number; errors: number; cacheHits: number; errorRate: number };
      series: { t: number; turns: number }[];
      byIntent: { key: string; turns: number }[];
    };
    expect(s.totals.turns).toBe(sum(pick(samples, 'parley_turns_total', { site })));
    expect(s.totals.errors).toBe(sum(pick(samples, 'parley_errors_total', { site })));
    expect(s.totals.cacheHits).toBe(sum(pick(samples, 'parley_cache_hits_total', { site })));
    expect(s.totals.errorRate).toBeCloseTo(0.2);
    expect(s.series).toHaveLength(60);
    expect(s.series.reduce((a, p) => a + p.turns, 0)).toBe(5);
    expect(s.byIntent[0]).toMatchObject({ key: 'refund', turns: 3 });
  });
});

describe('/metrics and breakers', () => {
  it('also shows breakers other isolates reported (conversation objects): the worse state wins; a finished wait reads half-open', async () => {
    const now = Date.now();
    await env.DB.prepare('INSERT OR REPLACE INTO breaker_reports (provider, model, state, at, retry_at, opened) VALUES (?, ?, ?, ?, ?, ?)')
      .bind('far-away', 'm-open', 'open', now, now + 30_000, 1)
      .run();
    await env.DB.prepare('INSERT OR REPLACE INTO breaker_reports (provider, model, state, at, retry_at, opened) VALUES (?, ?, ?, ?, ?, ?)')
      .bind('far-away', 'm-waited', 'open', now - 60_000, now - 30_000, 1)
      .run();
    const { samples } = parseProm(
      await (await call(new Request('http://parley.test/metrics', { headers: bearer(METRICS) }), authEnv)).text(),
    );
    expect(pick(samples, 'parley_breaker_state', { provider: 'far-away', model: 'm-open' }).map((x) => x.value)).toEqual([2]);
    expect(pick(samples, 'parley_breaker_state', { provider: 'far-away', model: 'm-waited' }).map((x) => x.value)).toEqual([1]);
    const status = await call(new Request('http://parley.test/admin/api/gateway/breakers', { headers: bearer(ADMIN) }), authEnv);
    const body = (await status.json()) as { reported: { provider: string; model: string; state: string }[] };
    expect(body.reported).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ provider: 'far-away', model: 'm-open', state: 'open' }),
        expect.objectContaining({ provider: 'far-away', model: 'm-waited', state: 'half_open' }),
      ]),
    );
  });

  it('reports the state of each circuit breaker the gateway has used', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Breakers are fine.' }] });
    const ask = chatRequest({
      siteKey: mock.siteKey,
      message: { id: 'brk1', text: 'Is the breaker lantern sold in Canada?' },
      cache: 'bypass',
    });
    await framesOf(await call(ask));
    const res = await call(new Request('http://parley.test/metrics', { headers: bearer(METRICS) }), authEnv);
    const { samples, types } = parseProm(await res.text());
    expect(types.get('parley_breaker_state')).toBe('gauge');
    expect(pick(samples, 'parley_breaker_state', { provider: 'openai', model: mock.model }).map((x) => x.value)).toEqual([0]);
  });
});

/** The audit row of one conversation turn (written after the turn, so wait for it). */
async function feedbackOf(requestId: string, want: number | null): Promise<number | null> {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB.prepare('SELECT feedback FROM audit_turns WHERE request_id = ?')
      .bind(requestId)
      .first<{ feedback: number | null }>();
    if (row && row.feedback === want) return row.feedback;
    await new Promise((r) => setTimeout(r, 20));
  }
  const row = await env.DB.prepare('SELECT feedback FROM audit_turns WHERE request_id = ?')
    .bind(requestId)
    .first<{ feedback: number | null }>();
  return row ? row.feedback : null;
}

describe("visitors' ratings in the audit rows and the figures", () => {
  it("a rating over WebSocket lands on the turn's audit row (latest wins)", async () => {
    const { cid, s } = await answeredConversation('rate1', 'How long does shipping take?');
    const requestId = `demo:${realId(cid)}:rate1`;
    expect(await feedbackOf(requestId, null)).toBeNull(); // the row exists, not rated yet
    s.send({ type: 'feedback', messageId: 'rate1', rating: 'down' });
    expect(await feedbackOf(requestId, -1)).toBe(-1);
    s.send({ type: 'feedback', messageId: 'rate1', rating: 'up' });
    expect(await feedbackOf(requestId, 1)).toBe(1);
    s.ws.close();
  });

  it('SSE clients rate through POST /v1/feedback: 204, 404 for an unknown reply, 400 for a bad rating, 403 off-origin', async () => {
    const conversationId = newConversation();
    const res = await call(
      chatRequest({ siteKey: 'demo', conversationId, message: { id: 'rate2', text: 'How long does shipping take?' } }),
    );
    expect((await framesOf(res)).map((f) => f.event)).toContain('done');
    const rate = (body: unknown, origin = ORIGIN) =>
      call(visitorPost('/v1/feedback', body, { 'content-type': 'text/plain;charset=UTF-8', origin }));
    const ok = await rate({ siteKey: 'demo', conversationId, messageId: 'rate2', rating: 'up' });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await feedbackOf(`demo:${realId(conversationId)}:rate2`, 1)).toBe(1);
    const unknown = await rate({ siteKey: 'demo', conversationId, messageId: 'never-sent', rating: 'up' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    const bad = await rate({ siteKey: 'demo', conversationId, messageId: 'rate2', rating: 'meh' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request' } });
    expect((await rate({ siteKey: 'demo', conversationId, messageId: 'rate2', rating: 'down' }, 'https://evil.example')).status).toBe(403);
    expect(await feedbackOf(`demo:${realId(conversationId)}:rate2`, 1)).toBe(1);
  });

  it('/metrics counts ratings by site and rating, and the dashboard summary carries them', async () => {
    const site = 'rated-site';
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const requestId = `rated-${now}-${i}`;
      ids.push(requestId);
      await env.DB.prepare(
        `INSERT INTO audit_turns (request_id, at, site, tier, provider, model, total_ms, status) VALUES (?, ?, ?, 'fast', 'faq', 'faq', 10, 'done')`,
      )
        .bind(requestId, now - 60_000, site)
        .run();
    }
    for (const [i, rating] of (['up', 'up', 'up', 'down'] as const).entries())
      expect(await setFeedback(env.DB, ids[i] as string, rating)).toBe(true);
    expect(await setFeedback(env.DB, 'no-such-turn', 'up')).toBe(false);
    const { samples, types } = parseProm(
      await (await call(new Request('http://parley.test/metrics', { headers: bearer(METRICS) }), authEnv)).text(),
    );
    expect(types.get('parley_feedback_total')).toBe('counter');
    expect(sum(pick(samples, 'parley_feedback_total', { site, rating: 'up' }))).toBe(3);
    expect(sum(pick(samples, 'parley_feedback_total', { site, rating: 'down' }))).toBe(1);
    const summary = await call(
      new Request(`http://parley.test/admin/api/metrics/summary?range=hour&site=${site}`, { headers: bearer(ADMIN) }),
      authEnv,
    );
    expect(((await summary.json()) as { totals: unknown }).totals).toMatchObject({ turns: 5, feedbackUp: 3, feedbackDown: 1 });
  });
});
