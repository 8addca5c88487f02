/**
 * CORS for the visitor API. It is called from site owners' pages; which origins may use a site is
 * checked per request against the site's allow-list, so CORS reflects the origin and the route decides.
 */
import { cors } from 'hono/cors';

/** The CORS middleware for visitor `POST`s: any origin reflected, the SSE resume and visitor-token headers allowed, the minted conversation exposed. */
export function chatCors() {
  return cors({
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type', 'last-event-id', 'authorization'],
    exposeHeaders: ['x-parley-cache', 'x-conversation-id', 'x-conversation-token'],
    maxAge: 86400,
  });
}
