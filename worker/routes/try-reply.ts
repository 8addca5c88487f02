/**
 * `POST /admin/api/try/reply`: the console's try-it box runs a real turn against the live site and
 * streams its frames as SSE, with no `onEnd` sink, so trying things never shows up in audit rows or
 * metrics. Same pipeline as visitors get; nothing is stored.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from '../../shared/protocol';
import { requireRole } from '../auth/require-role';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { runTurn } from '../pipeline/turn';
import { turnPortsFor } from '../pipeline/turn/ports';
import { loadLiveSite } from '../storage/live-site';
import { readJsonBody } from './body';
import { sseResponse } from './sse-response';

export const tryReplyRoutes = new Hono<AppEnv>();

const TryReply = z.object({ siteKey: z.string().min(1).max(128), text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS) });

tryReplyRoutes.post('/admin/api/try/reply', requireRole('admin', 'editor', 'auditor'), async (c) => {
  const r = TryReply.safeParse(await readJsonBody(c.req.raw, 16 * 1024));
  if (!r.success) throw new ParleyError('bad_request', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const live = await loadLiveSite(c.env.DB, r.data.siteKey);
  if (!live) throw new ParleyError('not_found', `Site "${r.data.siteKey}" has no published version.`);
  const abort = new AbortController();
  // No onEnd sink and no cache port: trying things never shows in audit rows, metrics or the cache.
  const events = runTurn(
    {
      site: live.site,
      conversationId: `try-${crypto.randomUUID()}`,
      message: { id: `try-${Date.now().toString(36)}`, text: r.data.text },
      history: [],
      signal: abort.signal,
    },
    turnPortsFor(c.env, c.executionCtx, { cache: false }),
  );
  return sseResponse(events, abort);
});
