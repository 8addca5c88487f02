import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import type { WorkerEnv } from '../../worker/env';
import app from '../../worker/index';
import { type Scenario, setScenario } from '../fixtures/mock-client';
import { type ParsedEvent, parseSse } from '../fixtures/sse';

export const ORIGIN = 'http://localhost:8787';

/** Call the Worker's fetch handler in workerd with extra env (e.g. a provider pointed at the mock). */
export async function call(req: Request, extraEnv: Partial<WorkerEnv> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, { ...env, ...extraEnv } as WorkerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export function chatRequest(body: unknown, headers: Record<string, string> = { origin: ORIGIN }): Request {
  return new Request('http://parley.test/v1/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function framesOf(res: Response): Promise<ParsedEvent[]> {
  return parseSse(await res.text());
}

let n = 0;
/** Register a mock-upstream scenario under a unique id; returns env pointing an OpenAI-compatible provider at it. */
export async function mockProvider(scenario: Scenario): Promise<{ id: string; env: Partial<WorkerEnv> }> {
  const id = `t${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const base = await setScenario(env.MOCK_UPSTREAM, id, scenario);
  return { id, env: { OPENAI_BASE_URL: base, OPENAI_API_KEY: 'test-key-not-secret', OPENAI_MODEL: 'mock-chat' } };
}
