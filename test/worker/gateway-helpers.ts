/** Fixtures for the gateway tests: two-link chains on the mock upstream and a fake clock in the isolate's gateway. */
import { env } from 'cloudflare:test';
import type { WorkerEnv } from '../../worker/env';
import { DEFAULT_PRICES } from '../../worker/pipeline/gateway/pricing';
import { DEFAULT_POLICY, type GatewayPolicy, isolateGateway } from '../../worker/pipeline/gateway/runtime';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { type Scenario, setScenario } from '../fixtures/mock-client';
import type { ParsedEvent } from '../fixtures/sse';
import { publishSite } from './helpers';

let n = 0;
const uid = () => `g${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface TwoLinks {
  /** Scenario ids of link 1 (DeepSeek) and link 2 (SiliconFlow); each is also the model its link asks for. */
  a: string;
  b: string;
  /**
   * A published copy of the demo site whose every tier is DeepSeek (model `a`) then SiliconFlow (model
   * `b`), through the pool's DEEPSEEK_* and SILICONFLOW_* bindings to the mock upstream: what conversations use.
   */
  siteKey: string;
  /** Env for the Worker's own routes (the OpenAI-compatible API): the same scenarios as the default chain, by base URL. */
  env: Partial<WorkerEnv>;
}

/**
 * DeepSeek (link 1, scenario `a`) then SiliconFlow (link 2, scenario `b`), exactly as a deployment with
 * both secrets set resolves its chain.
 */
export async function twoLinks(a: Scenario, b?: Scenario): Promise<TwoLinks> {
  const ids = { a: uid(), b: uid() };
  const e: Partial<WorkerEnv> = {
    DEEPSEEK_API_KEY: 'sk-deepseek-test',
    DEEPSEEK_BASE_URL: await setScenario(env.MOCK_UPSTREAM, ids.a, a),
    // Sites without tiers use these links, not the pool's mock-upstream OpenAI binding.
    DEFAULT_TIER_PROVIDERS: b ? 'deepseek,siliconflow' : 'deepseek',
  };
  const chain = [{ provider: 'deepseek', model: ids.a, params: {} }];
  if (b) {
    e.SILICONFLOW_API_KEY = 'sk-siliconflow-test';
    e.SILICONFLOW_BASE_URL = await setScenario(env.MOCK_UPSTREAM, ids.b, b);
    chain.push({ provider: 'siliconflow', model: ids.b, params: {} });
  }
  const siteKey = `links-${ids.a}`;
  // Each scenario's model is priced as the model it stands in for.
  const prices = { [ids.a]: DEFAULT_PRICES['deepseek-chat'], [ids.b]: DEFAULT_PRICES['deepseek-ai/DeepSeek-V3'] };
  await publishSite({ ...DEMO_SITE, key: siteKey, tiers: { fast: chain, default: chain, premium: chain }, prices });
  return { ...ids, siteKey, env: e };
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
