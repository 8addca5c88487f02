/**
 * The Parley Worker: one route table, every error mapped to the protocol's typed error body.
 * Durable Object classes are exported from here.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { demoOrders } from './actions/demo-orders';
import type { AppEnv, WorkerEnv } from './env';
import { ParleyError, toParleyError } from './errors';
import { framePolicy } from './middleware/frame-policy';
import { serverRequestId } from './middleware/request-id';
import { registerBreakerSource } from './ops/breakers';
import { scheduled } from './ops/scheduled';
import { isolateGateway } from './pipeline/gateway/runtime';
import { adminApi } from './routes/admin';
import { consoleRoutes } from './routes/console';
import { metricsRoutes } from './routes/metrics';
import { openAiRoutes } from './routes/openai';
import { publicRoutes } from './routes/public';
import { visitorApi } from './routes/visitor';

export { Conversation } from './conversation/index';
export { SiteQuota } from './quota/index';

export const app = new Hono<AppEnv>();

app.use(serverRequestId());
app.use(secureHeaders({ crossOriginResourcePolicy: false, xFrameOptions: false }));
app.use(framePolicy());

app.route('/', publicRoutes); //         /, /demo.css, /healthz, /widget.js, /widget.<hash>.js
app.route('/v1', visitorApi); //         chat (SSE), feedback, ws, widget-config, protocol.json
app.route('/v1', openAiRoutes); //       OpenAI-compatible: chat/completions
app.route('/admin/api', adminApi); //    the admin API
app.route('/', consoleRoutes); //        /admin (the console SPA) and its assets
app.route('/metrics', metricsRoutes); // Prometheus text
app.route('/demo/api', demoOrders); //   the demo shop's order lookup (local development only)

// /metrics and the dashboard read this isolate's circuit breakers.
registerBreakerSource(() => isolateGateway.breakers.statuses().map(({ provider, model, state }) => ({ provider, model, state })));

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
