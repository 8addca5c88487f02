/**
 * `POST /admin/api/try/reply`: the console's try-it box runs a real turn against the live site and
 * streams its frames as SSE. Editors and admins only, on the sites in their scope: it spends provider
 * tokens, so it is admitted against the site's daily allowance, counted in it, and leaves an audit row
 * like any turn (its conversation id starts with `try-`). Nothing is cached and no transcript is kept.
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
import { admitTokens } from '../../quota';
import { loadLiveSite } from '../../storage/live-site';
import { sseResponse } from '../sse-response';
import { body, EDITORS, requireSiteScope } from './common';

export const tryReplyAdmin = new Hono<AppEnv>();

const TryReply = z.object({ siteKey: z.string().min(1).max(128), text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS) });

tryReplyAdmin.post('/try/reply', requireRole(...EDITORS), async (c) => {
  const { siteKey, text } = parseInput(TryReply, await body(c, 16 * 1024));
  requireSiteScope(c, siteKey);
  const live = await loadLiveSite(c.env.DB, siteKey);
  if (!live) throw new ParleyError('not_found', `Site "${siteKey}" has no published version.`);
  await admitTokens(c.env, live.site, Date.now());
  const abort = new AbortController();
  // No cache port: trying things never reads or fills the reply cache.
  const events = runTurn(
    {
      site: live.site,
      conversationId: `try-${crypto.randomUUID()}`,
      message: { id: `try-${Date.now().toString(36)}`, text },
      history: [],
      signal: abort.signal,
    },
    turnPortsFor(c.env, c.executionCtx, {
      cache: false,
      audit: { site: live.site, requestId: c.get('requestId'), visitorId: undefined },
    }),
  );
  return sseResponse(events, abort);
});
