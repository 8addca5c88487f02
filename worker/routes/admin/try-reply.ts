/**
 * `POST /admin/api/try/reply`: the console's try-it box runs a real turn against the live site and
 * streams its frames as SSE, with no `onEnd` sink, so trying things never shows up in audit rows or
 * metrics. Same pipeline as visitors get; nothing is stored.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from '../../../shared/protocol';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { parseInput } from '../../http/validation';
import { requireRole } from '../../middleware/require-role';
import { runTurn } from '../../pipeline/turn';
import { turnPortsFor } from '../../pipeline/turn/ports';
import { loadLiveSite } from '../../storage/live-site';
import { sseResponse } from '../sse-response';
import { ANY_ROLE, body } from './common';

export const tryReplyAdmin = new Hono<AppEnv>();

const TryReply = z.object({ siteKey: z.string().min(1).max(128), text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS) });

tryReplyAdmin.post('/try/reply', requireRole(...ANY_ROLE), async (c) => {
  const { siteKey, text } = parseInput(TryReply, await body(c, 16 * 1024));
  const live = await loadLiveSite(c.env.DB, siteKey);
  if (!live) throw new ParleyError('not_found', `Site "${siteKey}" has no published version.`);
  const abort = new AbortController();
  // No onEnd sink and no cache port: trying things never shows in audit rows, metrics or the cache.
  const events = runTurn(
    {
      site: live.site,
      conversationId: `try-${crypto.randomUUID()}`,
      message: { id: `try-${Date.now().toString(36)}`, text },
      history: [],
      signal: abort.signal,
    },
    turnPortsFor(c.env, c.executionCtx, { cache: false }),
  );
  return sseResponse(events, abort);
});
