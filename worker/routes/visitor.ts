/**
 * The visitor API, mounted at `/v1`: what the widget and mobile apps call. Chat (SSE) and feedback are
 * CORS-enabled for site owners' pages; chat, feedback and the WebSocket pass the deployment's secrets
 * check (`visitorGate`) and the per-network brake. CORS runs first so a refusal is still readable by the
 * page. Each route then admits the caller by Origin or visitor token (`admitVisitor`) and, when it starts
 * a conversation, by the new-conversation check (address limit, optional Turnstile). The widget config
 * is public data (welcome text, theme, message limit) and needs neither.
 */
import { Hono } from 'hono';
import { protocolJsonSchema } from '../../shared/protocol-http';
import type { AppEnv } from '../env';
import { chatCors } from '../middleware/chat-cors';
import { clientRate } from '../middleware/client-rate';
import { visitorGate } from '../middleware/visitor-gate';
import { chatRoutes } from './chat';
import { helpdeskRoutes } from './helpdesk';
import { widgetConfigRoutes } from './widget-config';
import { wsRoutes } from './ws';

export const visitorApi = new Hono<AppEnv>();

const cors = chatCors();
const brake = clientRate();
const gate = visitorGate();
visitorApi.use('/chat', cors);
visitorApi.use('/feedback', cors);
visitorApi.use('/chat/events', cors);
visitorApi.use('/csat', cors);
visitorApi.use('/offline', cors);
visitorApi.use('/confirm', cors);
visitorApi.use('/typing', cors);
for (const path of ['/chat', '/chat/events', '/feedback', '/csat', '/offline', '/confirm', '/typing', '/ws']) {
  visitorApi.use(path, gate);
  visitorApi.use(path, brake);
}

visitorApi.route('/', chatRoutes); // POST /chat, /feedback, /csat, /offline, /confirm; GET /chat/events
visitorApi.route('/helpdesk', helpdeskRoutes); // POST /helpdesk/reply (a site API key, server to server)
visitorApi.route('/', wsRoutes); // GET /ws
visitorApi.route('/', widgetConfigRoutes); // GET /widget-config

let schemaJson: string | undefined;

/** The wire protocol as JSON Schema, for mobile developers. */
visitorApi.get('/protocol.json', (c) => {
  schemaJson ??= JSON.stringify(protocolJsonSchema(), null, 2);
  return c.body(schemaJson, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' });
});
