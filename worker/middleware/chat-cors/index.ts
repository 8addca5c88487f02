/**
 * CORS for the visitor API. It is called from site owners' pages; which origins may use a site is
 * checked per request against the site's allow-list, so CORS reflects the origin and the route decides.
 */
import { cors } from 'hono/cors';

/** The CORS middleware for visitor `POST`s: any origin reflected, the SSE resume header allowed. */
export function chatCors() {
  return cors({
    origin: (origin) => origin,
    allowMethods: ['POST'],
    allowHeaders: ['content-type', 'last-event-id'],
    exposeHeaders: ['x-parley-cache', 'x-conversation-id'],
    maxAge: 86400,
  });
}
