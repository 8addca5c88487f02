import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { OpsSettings } from '../../shared/ops';
import { visitorHash } from '../../worker/audit/hash';
import { queryTurns } from '../../worker/audit/store';
import { runRetention } from '../../worker/ops/privacy';
import { saveOpsSettings } from '../../worker/ops/settings';
import type { TranscriptMessage, TranscriptStore } from '../../worker/ops/transcripts';
import { listAudit } from '../../worker/storage/audit';
import { ADMIN, authEnv, bearer, seedTurn } from './audit-support';
import { call, chatRequest, framesOf, realId } from './helpers';

const H = 3_600_000;

/** An in-memory transcript store standing in for the conversation Durable Objects (not on this branch yet). */
function memoryTranscripts(messages: (TranscriptMessage & { site: string })[]): TranscriptStore {
  return {
    purgeOlderThan: async (site, cutoff) => {
      const before = messages.length;
      for (let i = messages.length - 1; i >= 0; i--)
        if (messages[i]?.site === site && (messages[i]?.at ?? 0) < cutoff) messages.splice(i, 1);
      return before - messages.length;
    },
    exportVisitor: async () => ({ transcript: [], conversations: [] }),
    deleteVisitor: async () => 0,
  };
}

describe('retention', () => {
  it('deletes transcripts past the site window (72 h by default), anonymises older audit rows and drops expired ones', async () => {
    const now = Date.UTC(2031, 5, 1);
    const site = 'retention-site';
    const hash = 'a'.repeat(32);
    await seedTurn(now - 1 * H, { siteKey: site, conversationId: 'recent' }, hash);
    await seedTurn(now - 73 * H, { siteKey: site, conversationId: 'old' }, hash);
    await seedTurn(now - 91 * 24 * H, { siteKey: site, conversationId: 'ancient' }, hash);
    const transcript = [
      { site, conversationId: 'recent', role: 'visitor', text: 'hi', at: now - 1 * H },
      { site, conversationId: 'old', role: 'visitor', text: 'hello', at: now - 73 * H },
      { site: 'other', conversationId: 'x', role: 'visitor', text: 'hello', at: now - 73 * H },
    ];
    const out = (await runRetention(env.DB, memoryTranscripts(transcript), now)).find((o) => o.site === site);
    expect(out).toMatchObject({ transcriptCutoff: now - 72 * H, transcriptsDeleted: 1, rowsAnonymised: 2, rowsDeleted: 1 });
    expect(transcript.map((m) => m.conversationId)).toEqual(['recent', 'x']);
    const rows = await queryTurns(env.DB, { site });
    expect(rows.map((r) => [r.conversationId, r.visitorHash])).toEqual([
      ['recent', hash],
      [null, null],
    ]);
  });

  it('follows a site’s own retention window', async () => {
    const now = Date.UTC(2031, 6, 1);
    const site = 'retention-short';
    await saveOpsSettings(env.DB, site, OpsSettings.parse({ transcriptRetentionHours: 2 }));
    await seedTurn(now - 3 * H, { siteKey: site }, 'b'.repeat(32));
    const out = (await runRetention(env.DB, memoryTranscripts([]), now)).find((o) => o.site === site);
    expect(out).toMatchObject({ transcriptCutoff: now - 2 * H, rowsAnonymised: 1 });
  });
});

describe('visitor export and delete', () => {
  it('exports then deletes a visitor’s data by id, admin only, and records both in the admin log', async () => {
    const visitor = 'visitor-export-me-42';
    for (const id of ['v1', 'v2']) {
      await framesOf(await call(chatRequest({ siteKey: 'demo', visitorId: visitor, message: { id, text: 'When are you open?' } })));
    }
    // An anonymous visitor is known by its namespaced owner id, `anon:<visitorId>` (a verified one by `user:<sub>`).
    const url = `http://parley.test/admin/api/visitors/anon:${visitor}?site=demo`;
    expect((await call(new Request(url), authEnv)).status).toBe(401);

    const exp = await call(new Request(url, { headers: bearer(ADMIN) }), authEnv);
    expect(exp.status).toBe(200);
    const data = (await exp.json()) as { visitorHash: string; turns: { messageId: string }[] };
    // Hashed with the deployment's AUDIT_SALT (the pool binds 'salt-under-test').
    expect(data.visitorHash).toBe(await visitorHash('salt-under-test', 'demo', `anon:${visitor}`));
    expect(data.turns.map((t) => t.messageId).sort()).toEqual(['v1', 'v2']);

    const del = await call(new Request(url, { method: 'DELETE', headers: bearer(ADMIN) }), authEnv);
    expect(await del.json()).toEqual({ turnsDeleted: 2, messagesDeleted: 4 });
    expect(await queryTurns(env.DB, { visitorHash: data.visitorHash })).toHaveLength(0);

    const log = (await listAudit(env.DB, { limit: 500 })).filter((e) => e.target === data.visitorHash);
    expect(log.map((e) => [e.action, e.actor, e.siteKey])).toEqual([
      ['visitor.delete', 'bootstrap', 'demo'],
      ['visitor.export', 'bootstrap', 'demo'],
    ]);
    // The log names the visitor by hash only.
    expect(JSON.stringify(await listAudit(env.DB, { limit: 500 }))).not.toContain(visitor);
  });

  it('requires the site', async () => {
    const res = await call(new Request('http://parley.test/admin/api/visitors/v?x=1', { headers: bearer(ADMIN) }), authEnv);
    expect(res.status).toBe(400);
  });
});

describe('security headers and CORS', () => {
  it('every response forbids framing and sniffing and sends no referrer', async () => {
    for (const path of ['/healthz', '/', '/metrics', '/no-such-route']) {
      const res = await call(new Request(`http://parley.test${path}`), authEnv);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });

  it('admin and metrics routes grant no cross-origin access; the chat route does', async () => {
    const pre = (path: string) =>
      call(
        new Request(`http://parley.test${path}`, {
          method: 'OPTIONS',
          headers: {
            origin: 'https://evil.example',
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        }),
        authEnv,
      );
    for (const path of ['/admin/api/turns', '/admin/api/audit', '/metrics', '/admin/api/visitors/x']) {
      expect((await pre(path)).headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const get = await call(
      new Request('http://parley.test/admin/api/turns', { headers: { origin: 'https://evil.example', ...bearer(ADMIN) } }),
      authEnv,
    );
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    expect((await pre('/v1/chat')).headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });
});

describe('audit log API', () => {
  it('filters by site, intent and status and exports CSV', async () => {
    const site = 'csv-site';
    const now = Date.now();
    await seedTurn(now - 3000, { siteKey: site, intent: 'refund' });
    await seedTurn(now - 2000, { siteKey: site, intent: '=HYPERLINK("x")', status: 'error', errorCode: 'timeout', finish: null });
    await seedTurn(now - 1000, { siteKey: site, intent: 'hours' });
    const get = (q: string) =>
      call(new Request(`http://parley.test/admin/api/turns?site=${site}&${q}`, { headers: bearer(ADMIN) }), authEnv);
    const json = async (q: string) => ((await (await get(q)).json()) as { rows: { intent: string }[] }).rows.map((r) => r.intent);
    expect(await json('')).toEqual(['hours', '=HYPERLINK("x")', 'refund']);
    expect(await json('intent=refund')).toEqual(['refund']);
    expect(await json('status=error')).toEqual(['=HYPERLINK("x")']);
    expect(await json(`from=${now - 1500}`)).toEqual(['hours']);
    const csv = await get('format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^requestId,at,site,/);
    expect(lines).toHaveLength(4);
    // A formula-looking cell is defused and quoted.
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('the cron trigger', () => {
  it('runs retention from the Worker’s scheduled handler', async () => {
    const { createExecutionContext, createScheduledController, waitOnExecutionContext } = await import('cloudflare:test');
    const worker = (await import('../../worker/index')).default;
    const site = 'cron-site';
    const now = Date.UTC(2032, 0, 1);
    await seedTurn(now - 80 * H, { siteKey: site }, 'c'.repeat(32));
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const [row] = await queryTurns(env.DB, { site });
    expect(row?.visitorHash).toBeNull();
  });
});

describe('privacy operations on the conversation Durable Objects', () => {
  const site = 'privacy-do-site';
  const admin = (path: string, init: RequestInit = {}) =>
    call(
      new Request(`http://parley.test/admin/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...bearer(ADMIN) } }),
      authEnv,
    );
  const chat = async (conversationId: string, visitorId: string, id: string, text: string) =>
    framesOf(await call(chatRequest({ siteKey: site, conversationId, visitorId, message: { id, text } }), authEnv));

  it('retention deletes old transcript messages from the objects; export and delete reach them by visitor id', async () => {
    const created = await admin('/sites', {
      method: 'POST',
      body: JSON.stringify({ key: site, name: 'Privacy test', origins: ['localhost'] }),
    });
    expect(created.status).toBe(201);
    expect((await admin(`/sites/${site}/publish`, { method: 'POST' })).status).toBe(200);

    await chat('conv-old', 'visitor-old', 'o1', 'When are you open?');
    await chat('conv-mine', 'visitor-me', 'k1', 'My number is +44 20 7946 0958, call me');
    const { durableTranscripts } = await import('../../worker/ops/do-transcripts');
    const { conversationStub } = await import('../../worker/conversation/index');
    const store = durableTranscripts(env);

    // Export by visitor id: the visitor's own messages come back from the object.
    const exported = await call(
      new Request(`http://parley.test/admin/api/visitors/anon:visitor-me?site=${site}`, { headers: bearer(ADMIN) }),
      authEnv,
    );
    const data = (await exported.json()) as { transcript: { conversationId: string; role: string; text: string }[] };
    expect(data.transcript.filter((m) => m.role === 'visitor').map((m) => [m.conversationId, m.text])).toEqual([
      // The transcript keeps visitor messages masked: the raw number never reached storage.
      [realId('conv-mine'), 'My number is [PHONE_1], call me'],
    ]);

    // Retention 73 h later: both conversations' messages are past the default 72 h window.
    const later = Date.now() + 73 * H;
    const [out] = await runRetention(env.DB, store, later, [site]);
    expect(out?.transcriptsDeleted).toBeGreaterThanOrEqual(4);
    expect(await conversationStub(env, site, realId('conv-old')).transcript()).toEqual([]);
    expect((await queryTurns(env.DB, { site })).every((r) => r.visitorHash === null && r.conversationId === null)).toBe(true);

    // Retention deleted conv-mine's object, so the visitor's next turn is in a new conversation (rows name it again).
    await chat('conv-mine-next', 'visitor-me', 'k2', 'Please forget me');
    expect((await conversationStub(env, site, realId('conv-mine-next')).transcript()).length).toBeGreaterThanOrEqual(2);
    const del = await call(
      new Request(`http://parley.test/admin/api/visitors/anon:visitor-me?site=${site}`, { method: 'DELETE', headers: bearer(ADMIN) }),
      authEnv,
    );
    expect(((await del.json()) as { messagesDeleted: number }).messagesDeleted).toBeGreaterThanOrEqual(2);
    expect(await conversationStub(env, site, realId('conv-mine-next')).transcript()).toEqual([]);
  });
});
