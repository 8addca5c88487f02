/** Site actions under test: an endpoint on the mock upstream (`/action/<id>`), a site whose model asks for them. */
import { env } from 'cloudflare:test';
import type { SiteActionInput } from '../../shared/actions';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { type Behaviour, receivedRequests, type Scenario, setScenario } from '../fixtures/mock-client';
import { call, chatRequest, framesOf, type MockProvider, mockProvider, ORIGIN } from './helpers';

/** The pool's ACTION_SECRET_TEST (vitest.worker.config.ts): what the site's endpoint verifies with. */
export const ACTION_SECRET = 'action-secret-for-tests';
const MASTER = 'test-master-secret-not-real';

/**
 * One scripted answer: of the model (`Behaviour` and the mock's `StreamExtras`) or of an action endpoint
 * (`ActionExtras`), as test/fixtures/mock-upstream.ts defines them (workerd code cannot import that file).
 */
export type Step = Behaviour & {
  toolCalls?: { id: string; name: string; arguments: string }[];
  replyFromTool?: string;
  actionBody?: unknown;
  actionDelayMs?: number;
  actionBytes?: number;
};

let n = 0;
/** A fresh endpoint on the mock upstream answering `steps` in turn; its URL and id. */
export async function actionEndpoint(steps: Step[]): Promise<{ id: string; url: string }> {
  const id = `act${Date.now().toString(36)}${(n++).toString(36)}`;
  await setScenario(env.MOCK_UPSTREAM, id, { calls: steps } as Scenario);
  return { id, url: `${env.MOCK_UPSTREAM}/action/${id}` };
}

/** The requests an endpoint received, with their JSON bodies parsed. */
export async function endpointHits(id: string) {
  return (await receivedRequests(env.MOCK_UPSTREAM, id)).map((r) => ({
    ...r,
    json: typeof r.body === 'string' && r.body ? (JSON.parse(r.body) as Record<string, unknown>) : null,
  }));
}

/** An order lookup for verified visitors: the user id comes from the token, never the model. */
export function orderStatus(url: string, extra: Partial<SiteActionInput> = {}): SiteActionInput {
  return {
    name: 'order_status',
    description: 'Look up the status of one of the visitor’s orders by its number.',
    parameters: {
      type: 'object',
      properties: { orderId: { type: 'string' }, userId: { type: 'string' } },
      required: ['orderId', 'userId'],
    },
    endpoint: url,
    method: 'POST',
    secret: 'ACTION_SECRET_TEST',
    needsVerifiedVisitor: true,
    identity: ['userId'],
    status: { en: 'Looking up your order…' },
    ...extra,
  };
}

/** A demo-like site (without its intents, so no canned answer gets in the way) whose every tier asks the mock model scripted by `model`, with these actions. */
export function actionSite(model: Step[], actions: SiteActionInput[]): Promise<MockProvider> {
  return mockProvider({ calls: model } as Scenario, { actions, intents: [] });
}

/** A visitor token for `sub` on `siteKey`, as the site's backend would sign it. */
export async function visitorToken(siteKey: string, sub: string): Promise<string> {
  return signVisitorToken(await siteTokenSecret(MASTER, siteKey), sub, 600);
}

/** One visitor message over SSE (`POST /v1/chat`); with `sub`, as that verified user. Its frames. */
export async function ask(siteKey: string, text: string, sub?: string, conversationId?: string) {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (sub) headers.authorization = `Bearer ${await visitorToken(siteKey, sub)}`;
  const body = { siteKey, message: { id: `m${(n++).toString(36)}`, text }, ...(conversationId ? { conversationId } : {}) };
  const res = await call(chatRequest(body, headers));
  return { res, frames: (await framesOf(res)).map((e) => e.frame as { type: string; [k: string]: unknown }) };
}

export const textOf = (frames: { type: string; text?: unknown }[]) =>
  frames.map((f) => (f.type === 'delta' && typeof f.text === 'string' ? f.text : '')).join('');
