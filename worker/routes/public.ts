/** Public pages at the site root, unauthenticated: health, the widget bundle, the demo page and its stylesheet. */
import { type Context, Hono } from 'hono';
import { sha256Hex } from '../digest';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { DEMO_CSS, demoPageHtml, testPageHtml } from './demo-page';

export const publicRoutes = new Hono<AppEnv>();

publicRoutes.get('/healthz', (c) => c.json({ ok: true }));

/**
 * The widget bundle. `/widget.js` is the stable URL site owners paste: revalidated hourly, served stale
 * while revalidating for a week, with the content hash as ETag. `/widget.<hash>.js` is immutable.
 * The pinned form is matched here rather than by a route pattern: a regex parameter at the root would
 * make Hono fall back from its RegExpRouter to the trie router, slower on every request of every route.
 */
const PINNED_WIDGET = /^\/widget\.[0-9a-f]{8,}\.js$/;
/** The chat UI chunk the loader imports on intent; its name carries its content hash, so it is immutable. */
const UI_CHUNK = /^\/widget-ui\.[0-9a-f]{8,}\.js$/;

publicRoutes.get('/widget.js', (c) => widget(c, 'widget.js'));
publicRoutes.get('/*', async (c, next) => {
  if (UI_CHUNK.test(c.req.path)) return uiChunk(c);
  if (!PINNED_WIDGET.test(c.req.path)) return next();
  return widget(c, c.req.path.slice(1));
});

/** Loaded with `import()` from the host page's origin: a CORS fetch, hence the allow-origin header. */
async function uiChunk(c: Context<AppEnv>): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(new URL(c.req.path, c.req.url));
  if (!asset.ok) throw new ParleyError('not_found', 'No widget chunk with that version.');
  return c.body(await asset.arrayBuffer(), 200, {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=31536000, immutable',
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  });
}

async function widget(c: Context<AppEnv>, file: string): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(new URL('/widget.js', c.req.url));
  if (!asset.ok) throw new ParleyError('not_found', 'The widget has not been built (run npm run build).');
  const body = await asset.arrayBuffer();
  const hash = await contentHash(body);
  const pinned = file !== 'widget.js';
  if (pinned && file !== `widget.${hash}.js`) throw new ParleyError('not_found', 'No widget with that version.');
  const etag = `"${hash}"`;
  const headers: Record<string, string> = {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': pinned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600, stale-while-revalidate=604800',
    etag,
    'x-parley-widget-version': hash,
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(body, 200, headers);
}

publicRoutes.get('/', (c) => c.html(demoPageHtml()));
/** A bare page embedding any site's widget, for trying a new site; its origin is the Worker's own. */
publicRoutes.get('/test/:siteKey', (c) => {
  const key = c.req.param('siteKey');
  if (!/^[a-z0-9-]{1,64}$/.test(key)) throw new ParleyError('not_found', 'Not a site key.');
  return c.html(testPageHtml(key));
});
publicRoutes.get('/demo.css', (c) => c.body(DEMO_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));

/** First 12 hex digits of the SHA-256 of the bundle: its version. */
async function contentHash(buf: ArrayBuffer): Promise<string> {
  return (await sha256Hex(buf)).slice(0, 12);
}
