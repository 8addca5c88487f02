/**
 * `/admin`: the support console, a single-page app built into `dist/public/admin/` and served through
 * the ASSETS binding under a strict CSP. Pages are hash routes (`/admin#/audit`), so one index serves all.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { CONSOLE_CSP } from '../http/security';

export const consoleRoutes = new Hono<AppEnv>();

async function serveAsset(env: AppEnv['Bindings'], url: URL, path: string, cache: string): Promise<Response> {
  const asset = await env.ASSETS.fetch(new URL(path, url));
  if (!asset.ok) throw new ParleyError('not_found', 'The console has not been built (run npm run build).');
  const res = new Response(asset.body, asset);
  res.headers.set('content-security-policy', CONSOLE_CSP);
  res.headers.set('cache-control', cache);
  res.headers.set('x-frame-options', 'DENY');
  return res;
}

consoleRoutes.get('/admin/assets/:file', (c) =>
  serveAsset(c.env, new URL(c.req.url), `/admin/assets/${c.req.param('file')}`, 'public, max-age=31536000, immutable'),
);

// The assets binding answers a directory path with its index.html (`/admin/index.html` would redirect).
const index = (c: { env: AppEnv['Bindings']; req: { url: string } }) => serveAsset(c.env, new URL(c.req.url), '/admin/', 'no-store');

consoleRoutes.get('/admin', index);
consoleRoutes.get('/admin/', index);
