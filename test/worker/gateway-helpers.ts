/** Fixtures for the gateway tests: two-link chains on the mock upstream and a fake clock in the isolate's gateway. */
import { env } from 'cloudflare:test';
import type { WorkerEnv } from '../../worker/env';
import { DEFAULT_POLICY, type GatewayPolicy, isolateGateway } from '../../worker/pipeline/gateway/runtime';
import { type Scenario, setScenario } from '../fixtures/mock-client';
import type { ParsedEvent } from '../fixtures/sse';

let n = 0;
const uid = () => `g${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * The default chain wired to the mock: DeepSeek (link 1, scenario `a`) then SiliconFlow (link 2,
 * scenario `b`), exactly as a deployment with both secrets set resolves it.
 */
export async function twoLinks(a: Scenario, b?: Scenario): Promise<{ a: string; b: string; env: Partial<WorkerEnv> }> {
  const ids = { a: uid(), b: uid() };
  const e: Partial<WorkerEnv> = {
    DEEPSEEK_API_KEY: 'sk-deepseek-test',
    DEEPSEEK_BASE_URL: await setScenario(env.MOCK_UPSTREAM, ids.a, a),
  };
  if (b) {
    e.SILICONFLOW_API_KEY = 'sk-siliconflow-test';
    e.SILICONFLOW_BASE_URL = await setScenario(env.MOCK_UPSTREAM, ids.b, b);
  }
  return { ...ids, env: e };
}

/** A fake clock and sleep for the isolate's gateway; `restore()` puts the real ones back. */
export function fakeGateway(policy: Partial<GatewayPolicy> = {}) {
  const saved = { ...isolateGateway };
  const savedBoardNow = isolateGateway.breakers.now;
  const clock = { now: 1_700_000_000_000, slept: [] as number[] };
  isolateGateway.now = () => clock.now;
  isolateGateway.breakers.now = () => clock.now;
  isolateGateway.random = () => 0.5;
  isolateGateway.sleep = async (ms) => {
    clock.slept.push(ms);
    clock.now += ms;
  };
  isolateGateway.policy = { ...DEFAULT_POLICY, ...policy, retry: { ...DEFAULT_POLICY.retry, ...policy.retry } };
  return {
    clock,
    restore() {
      Object.assign(isolateGateway, saved);
      isolateGateway.breakers.now = savedBoardNow;
    },
  };
}

export const textOf = (frames: ParsedEvent[]) => frames.map((f) => (f.frame.type === 'delta' ? f.frame.text : '')).join('');
export const typesOf = (frames: ParsedEvent[]) => frames.map((f) => f.frame.type);
