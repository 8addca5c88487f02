/**
 * `POST /admin/api/try/reply`: the console's try-it box runs a real turn against the live site and
 * streams its frames as SSE, with no `onEnd` sink, so trying things never shows up in audit rows or
 * metrics. Same pipeline as visitors get; nothing is stored.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from '../../shared/protocol';
import { requireRole } from '../auth/require-role';
import type { AppEnv } from '../env';
import { providerSecrets } from '../env';
import { ParleyError } from '../errors';
import { runTurn } from '../pipeline/turn';
import { providerFromEnv } from '../providers/registry';
import { loadLiveSite } from '../storage/live-site';
import { readJsonBody } from './body';

export const tryReplyRoutes = new Hono<AppEnv>();

const TryReply = z.object({ siteKey: z.string().min(1).max(128), text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS) });

tryReplyRoutes.post('/admin/api/try/reply', requireRole('admin', 'editor', 'auditor'), async (c) => {
  const r = TryReply.safeParse(await readJsonBody(c.req.raw, 16 * 1024));
  if (!r.success) throw new ParleyError('bad_request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const live = await loadLiveSite(c.env.DB, r.data.siteKey);
  if (!live) throw new ParleyError('not_found', `Site "${r.data.siteKey}" has no published version.`);
  const abort = new AbortController();
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => abort.abort());
    let seq = 0;
    const events = runTurn(
      {
        site: live.site,
        conversationId: `try-${crypto.randomUUID()}`,
        message: { id: `try-${Date.now().toString(36)}`, text: r.data.text },
        history: [],
        link: providerFromEnv(c.env),
        signal: abort.signal,
      },
      { fetch: (input, init) => fetch(input, init), now: () => Date.now(), secrets: providerSecrets(c.env) },
    );
    for await (const ev of events) {
      seq++;
      await stream.writeSSE({ event: ev.type, data: JSON.stringify({ ...ev, seq }), id: String(seq) });
    }
  });
});
