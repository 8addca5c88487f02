/**
 * The Parley Worker: assembles the routes and maps every error to the protocol's typed error body.
 * Durable Object classes are exported from here.
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { conversationAdminRoutes } from './conversation/admin-routes';
import type { AppEnv, WorkerEnv } from './env';
import { ParleyError, toParleyError } from './errors';
import { defaultFramePolicy } from './http/security';
import { registerBreakerSource } from './ops/breakers';
import { scheduled } from './ops/scheduled';
import { isolateGateway } from './pipeline/gateway/runtime';
import { adminRoutes } from './routes/admin';
import { adminCacheRoutes } from './routes/admin-cache';
import { gatewayAdminRoutes } from './routes/admin-gateway';
import { chatRoutes } from './routes/chat';
import { clientRate } from './routes/client-rate';
import { consoleRoutes } from './routes/console';
import { openAiRoutes } from './routes/openai';
import { opsRoutes } from './routes/ops';
import { publicRoutes } from './routes/public';
import { tryReplyRoutes } from './routes/try-reply';
import { widgetConfigRoutes } from './routes/widget-config';
import { wsRoutes } from './routes/ws';

export { Conversation } from './conversation/index';
export { SiteQuota } from './quota/index';

export const app = new Hono<AppEnv>();

// /metrics and the dashboard read this isolate's circuit breakers.
registerBreakerSource(() => isolateGateway.breakers.statuses().map(({ provider, model, state }) => ({ provider, model, state })));

app.use(requestId({ headerName: 'x-request-id' }));
app.use(secureHeaders({ crossOriginResourcePolicy: false, xFrameOptions: false }));
app.use(defaultFramePolicy);

// The chat API is called from site owners' pages; which origins may use a site is checked per request
// against the site's allow-list, so CORS reflects the origin and the route decides.
const chatCors = cors({
  origin: (origin) => origin,
  allowMethods: ['POST'],
  allowHeaders: ['content-type', 'last-event-id'],
  exposeHeaders: ['x-parley-cache', 'x-conversation-id'],
  maxAge: 86400,
});
app.use('/v1/chat', chatCors);
app.use('/v1/feedback', chatCors);
for (const path of ['/v1/chat', '/v1/feedback', '/v1/ws']) app.use(path, clientRate);

app.route('/', publicRoutes);
app.route('/', chatRoutes);
app.route('/', openAiRoutes); // issue 3: OpenAI-compatible gateway
app.route('/', gatewayAdminRoutes); // issue 3: API keys, breaker status
app.route('/', adminCacheRoutes);
app.route('/', opsRoutes);
app.route('/', consoleRoutes);
app.route('/', tryReplyRoutes);
app.route('/admin/api', adminRoutes);
app.route('/', widgetConfigRoutes);
app.route('/', wsRoutes);
app.route('/', conversationAdminRoutes);

/** The one place errors become HTTP: the typed body, its status and `Retry-After` where it applies. */
function errorResponse(e: ParleyError): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (e.retryAfter !== undefined) headers['retry-after'] = String(Math.ceil(e.retryAfter));
  return new Response(JSON.stringify(e.toBody()), { status: e.status, headers });
}

app.notFound(() => errorResponse(new ParleyError('not_found', 'No such route.')));

app.onError((err, c) => {
  const e = toParleyError(err);
  // Log the kind of failure only: messages may quote visitor text or upstream bodies.
  if (e.code === 'internal') console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), name: err.name }));
  return errorResponse(e);
});

// `app` stays a named export for tests; the default export adds the cron handler (alerts, retention).
export default { fetch: app.fetch, scheduled } satisfies ExportedHandler<WorkerEnv>;
