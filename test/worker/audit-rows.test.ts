import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { DEV_AUDIT_SALT, visitorHash } from '../../worker/audit/hash';
import { queryTurns } from '../../worker/audit/store';
import { dumpTables, seedTurn } from './audit-support';
import { call, chatRequest, framesOf, mockProvider, realId } from './helpers';

const PII = {
  email: 'alice.liddell@wonderland.example',
  phone: '+44 20 7946 0958',
  cnMobile: '13812345678',
  card: '4111 1111 1111 1111',
  name: 'Alice Liddell',
};
const VISITOR = 'visitor-alice-liddell-7946';

describe('audit rows per turn', () => {
  it('records one row per turn with the turn figures and a salted visitor hash, never the raw values', async () => {
    const text = `Hi, I am ${PII.name}, email ${PII.email}, phone ${PII.phone} or ${PII.cnMobile}, card ${PII.card}. Where is my order?`;
    const mock = await mockProvider({
      calls: [
        { reply: `Thanks ${PII.name}, we will write to ${PII.email}.`, paceMs: 1, usage: { prompt_tokens: 41, completion_tokens: 9 } },
      ],
    });
    const res = await call(
      chatRequest({ siteKey: mock.siteKey, visitorId: VISITOR, conversationId: 'conv-audit-1', message: { id: 'pii-1', text } }),
    );
    const frames = await framesOf(res);
    expect(frames.at(-1)?.frame.type).toBe('done');

    // The pool binds AUDIT_SALT to 'salt-under-test' (vitest.worker.config.ts).
    // An anonymous visitor's audit id is its namespaced owner, `anon:<visitorId>`.
    const hash = await visitorHash('salt-under-test', mock.siteKey, `anon:${VISITOR}`);
    const rows = await queryTurns(env.DB, { visitorHash: hash });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      requestId: `${mock.siteKey}:${realId('conv-audit-1')}:pii-1`,
      site: mock.siteKey,
      conversationId: realId('conv-audit-1'),
      messageId: 'pii-1',
      provider: 'openai',
      model: mock.model,
      cached: false,
      tokensIn: 41,
      tokensOut: 9,
      status: 'done',
      finish: 'stop',
      errorCode: null,
    });
    expect(rows[0]?.ttfdMs).toBeGreaterThanOrEqual(0);
    expect(rows[0]?.totalMs).toBeGreaterThanOrEqual(rows[0]?.ttfdMs ?? 0);
    // The salt matters: the dev default gives another hash, so a leaked table cannot be joined without it.
    expect(await visitorHash(DEV_AUDIT_SALT, mock.siteKey, `anon:${VISITOR}`)).not.toBe(hash);

    const dump = await dumpTables();
    for (const value of [...Object.values(PII), VISITOR, 'alice', 'Alice', '4111', '13812345678', 'wonderland', 'salt-under-test']) {
      expect(dump, `audit tables must not contain ${value}`).not.toContain(value);
    }
  });

  it('records failed turns with their error code', async () => {
    const mock = await mockProvider({ calls: [{ status: 500 }] });
    const res = await call(chatRequest({ siteKey: mock.siteKey, conversationId: 'conv-audit-err', message: { id: 'e-1', text: 'hello' } }));
    await framesOf(res);
    const rows = (await queryTurns(env.DB, { site: mock.siteKey, status: 'error' })).filter(
      (r) => r.conversationId === realId('conv-audit-err'),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.errorCode).toMatch(/^upstream_/);
  });

  it('keeps only machine-label guard actions, so free text cannot slip in through them', async () => {
    await seedTurn(Date.now(), { siteKey: 'guard-site', guardActions: ['mask:email', `flag:${PII.email}`, 'block:injection', PII.name] });
    const [row] = await queryTurns(env.DB, { site: 'guard-site' });
    expect(row?.guardActions).toEqual(['mask:email', 'block:injection']);
  });
});

describe('the console try-it reply', () => {
  it('streams a real turn and leaves an audit row like any turn, in a conversation named `try-…`', async () => {
    const { authEnv, bearer, ADMIN } = await import('./audit-support');
    const res = await call(
      new Request('http://parley.test/admin/api/try/reply', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(ADMIN) },
        body: JSON.stringify({ siteKey: 'demo', text: 'How long does shipping take?' }),
      }),
      authEnv,
    );
    expect(res.status).toBe(200);
    const frames = await framesOf(res);
    expect(frames.at(-1)?.frame.type).toBe('done');
    expect(frames.some((f) => f.frame.type === 'delta')).toBe(true);
    // Trying spends provider tokens, so it is accounted for: the row is written after the last frame.
    const count = () =>
      env.DB.prepare("SELECT COUNT(*) AS n FROM audit_turns WHERE site = 'demo' AND conversation_id LIKE 'try-%'").first<{ n: number }>();
    for (let i = 0; i < 100 && !(await count())?.n; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await count())?.n).toBe(1);
  });
});
