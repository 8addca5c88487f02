/**
 * The provider registry: every adapter a deployment can use, built once per environment (not per
 * request), and the default tier chains derived from which secrets are set.
 */
import { type ChainLink, DEFAULT_MAX_TOKENS, type SiteConfig, type Tiers } from '../../shared/config';
import type { Tier } from '../../shared/protocol';
import { oauth2TokenSource } from './auth/oauth2';
import { DEEPSEEK_MODELS, deepseek } from './deepseek';
import { faqResponder } from './faq';
import { openAiCompatible } from './openai';
import { SILICONFLOW_MODELS, siliconflow } from './siliconflow';
import type { Provider, SamplingParams } from './types';
import { type AiBinding, workersAi } from './workers-ai';

/** A provider and the model to ask it for, with the link's sampling parameters. */
export interface ProviderLink {
  provider: Provider;
  model: string;
  params?: SamplingParams;
}

/** Secrets and vars that choose providers; none set means the built-in `faq` responder. */
export interface ProviderEnv {
  DEEPSEEK_API_KEY?: string;
  DEEPSEEK_BASE_URL?: string;
  SILICONFLOW_API_KEY?: string;
  SILICONFLOW_BASE_URL?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_MODEL?: string;
  /** OAuth2 client-credentials for the OpenAI-compatible provider, instead of OPENAI_API_KEY. */
  OPENAI_OAUTH_TOKEN_URL?: string;
  OPENAI_OAUTH_CLIENT_ID?: string;
  OPENAI_OAUTH_CLIENT_SECRET?: string;
  OPENAI_OAUTH_SCOPE?: string;
  /** Optional Workers AI binding, used when WORKERS_AI_MODEL is set too. */
  AI?: AiBinding;
  WORKERS_AI_MODEL?: string;
  FAQ_PACE_MS?: string;
  /**
   * Comma-separated provider ids that join the default chains of sites without `tiers` (default: every
   * registered one). `faq` keeps those sites on the built-in responder while others name a provider.
   */
  DEFAULT_TIER_PROVIDERS?: string;
}

export interface ProviderRegistry {
  providers: ReadonlyMap<string, Provider>;
  /** Chains used by sites that configure no `tiers`. */
  defaultTiers: Tiers;
  /** The models each registered provider is asked for, whether or not it joins the default chains. */
  models: ReadonlyMap<string, readonly string[]>;
}

const FAQ_LINK: ChainLink = { provider: 'faq', model: 'faq', params: {} };

function buildRegistry(env: ProviderEnv): ProviderRegistry {
  const providers = new Map<string, Provider>();
  const models = new Map<string, string[]>();
  const fast: ChainLink[] = [];
  const premium: ChainLink[] = [];
  const inDefaults = env.DEFAULT_TIER_PROVIDERS ? env.DEFAULT_TIER_PROVIDERS.split(',').map((id) => id.trim()) : undefined;
  const add = (p: Provider, chat: string, reasoner: string) => {
    providers.set(p.id, p);
    models.set(p.id, [...new Set([chat, reasoner])]);
    if (inDefaults && !inDefaults.includes(p.id)) return;
    fast.push({ provider: p.id, model: chat, params: {} });
    premium.push({ provider: p.id, model: reasoner, params: {} });
  };
  if (env.DEEPSEEK_API_KEY) {
    add(deepseek({ apiKey: env.DEEPSEEK_API_KEY, baseUrl: env.DEEPSEEK_BASE_URL }), DEEPSEEK_MODELS.chat, DEEPSEEK_MODELS.reasoner);
  }
  if (env.SILICONFLOW_API_KEY) {
    add(
      siliconflow({ apiKey: env.SILICONFLOW_API_KEY, baseUrl: env.SILICONFLOW_BASE_URL }),
      SILICONFLOW_MODELS.chat,
      SILICONFLOW_MODELS.reasoner,
    );
  }
  if (env.OPENAI_BASE_URL && (env.OPENAI_API_KEY || env.OPENAI_OAUTH_TOKEN_URL)) {
    const tokenSource =
      env.OPENAI_OAUTH_TOKEN_URL && env.OPENAI_OAUTH_CLIENT_ID && env.OPENAI_OAUTH_CLIENT_SECRET
        ? oauth2TokenSource(
            {
              tokenUrl: env.OPENAI_OAUTH_TOKEN_URL,
              clientId: env.OPENAI_OAUTH_CLIENT_ID,
              clientSecret: env.OPENAI_OAUTH_CLIENT_SECRET,
              scope: env.OPENAI_OAUTH_SCOPE,
            },
            { fetch: (i, init) => fetch(i, init), now: () => Date.now() },
          )
        : undefined;
    const model = env.OPENAI_MODEL ?? 'gpt-4o-mini';
    add(openAiCompatible({ id: 'openai', baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, tokenSource }), model, model);
  }
  if (env.AI && env.WORKERS_AI_MODEL) add(workersAi(env.AI), env.WORKERS_AI_MODEL, env.WORKERS_AI_MODEL);
  providers.set('faq', faqResponder(Number(env.FAQ_PACE_MS ?? 0) || 0));
  models.set('faq', ['faq']);
  if (fast.length === 0) {
    fast.push(FAQ_LINK);
    premium.push(FAQ_LINK);
  }
  return { providers, defaultTiers: { fast, default: fast, premium }, models };
}

const byEnv = new WeakMap<object, ProviderRegistry>();
const bySignature = new Map<string, ProviderRegistry>();

/** What decides the registry: every var it reads (secrets included, kept only in this isolate's memory). */
function signature(env: ProviderEnv): string {
  return [
    env.DEEPSEEK_API_KEY,
    env.DEEPSEEK_BASE_URL,
    env.SILICONFLOW_API_KEY,
    env.SILICONFLOW_BASE_URL,
    env.OPENAI_BASE_URL,
    env.OPENAI_API_KEY,
    env.OPENAI_MODEL,
    env.OPENAI_OAUTH_TOKEN_URL,
    env.OPENAI_OAUTH_CLIENT_ID,
    env.OPENAI_OAUTH_CLIENT_SECRET,
    env.OPENAI_OAUTH_SCOPE,
    env.AI ? 'ai' : '',
    env.WORKERS_AI_MODEL,
    env.FAQ_PACE_MS,
    env.DEFAULT_TIER_PROVIDERS,
  ].join('\u0000');
}

/**
 * The registry for an environment, built once: memoised per env object, and by the values it reads
 * when a runtime hands out a fresh env object (so OAuth2 tokens and chains survive across requests).
 */
export function registryFor(env: ProviderEnv): ProviderRegistry {
  let reg = byEnv.get(env);
  if (reg) return reg;
  const sig = signature(env);
  reg = bySignature.get(sig);
  if (!reg) {
    reg = buildRegistry(env);
    if (bySignature.size >= 32) bySignature.clear();
    bySignature.set(sig, reg);
  }
  byEnv.set(env, reg);
  return reg;
}

const chains = new WeakMap<ProviderRegistry, WeakMap<SiteConfig, Partial<Record<Tier, ProviderLink[]>>>>();

/**
 * A site's chain for a tier: its configured links whose provider is registered, with `maxTokens`
 * clamped to the site's ceiling; no usable link left means `faq`. Memoised per registry and site object.
 */
export function chainFor(registry: ProviderRegistry, site: SiteConfig, tier: Tier): ProviderLink[] {
  let perRegistry = chains.get(registry);
  if (!perRegistry) {
    perRegistry = new WeakMap();
    chains.set(registry, perRegistry);
  }
  let perSite = perRegistry.get(site);
  if (!perSite) {
    perSite = {};
    perRegistry.set(site, perSite);
  }
  const hit = perSite[tier];
  if (hit) return hit;
  const ceiling = site.maxTokens ?? DEFAULT_MAX_TOKENS;
  const links: ProviderLink[] = [];
  for (const l of (site.tiers ?? registry.defaultTiers)[tier]) {
    const provider = registry.providers.get(l.provider);
    if (!provider) continue;
    const params = provider.id === 'faq' ? {} : { ...l.params, maxTokens: Math.min(l.params.maxTokens ?? ceiling, ceiling) };
    links.push({ provider, model: l.model, params });
  }
  if (links.length === 0) links.push({ provider: registry.providers.get('faq') ?? faqResponder(0), model: 'faq', params: {} });
  perSite[tier] = links;
  return links;
}
