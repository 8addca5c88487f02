/**
 * `GET /v1/widget-config?siteKey=…`: the public part of a site's config the widget needs at load —
 * welcome text per locale, theme, default locale and the longest message accepted. Nothing secret (no FAQ, no origins). Origin-checked
 * like the chat API; CORS reflects the origin so any allowed site can read it.
 */
import { Hono } from 'hono';
import { WidgetConfig } from '../../shared/config';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { resolveSite } from './site-auth';

export const widgetConfigRoutes = new Hono<AppEnv>();

widgetConfigRoutes.get('/widget-config', async (c) => {
  const siteKey = c.req.query('siteKey');
  if (!siteKey) throw new ParleyError('bad_request', 'siteKey is required.');
  const origin = c.req.header('origin');
  const site = await resolveSite(c.env, siteKey, origin);
  const headers: Record<string, string> = { 'cache-control': 'public, max-age=60', vary: 'origin' };
  if (origin) headers['access-control-allow-origin'] = origin;
  const body: WidgetConfig = WidgetConfig.parse({
    locale: site.locale,
    welcome: site.welcome,
    theme: site.theme,
    maxMessageChars: site.limits.maxMessageChars,
  });
  return c.json(body, 200, headers);
});
