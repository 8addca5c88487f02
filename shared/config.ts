/**
 * Site configuration: what a site owner and support team decide. Parsed once at the edge with zod;
 * everything inside the Worker trusts the inferred types.
 */
import { z } from 'zod';
import { GuardPolicy } from './guard-policy';

export const Locale = z.enum(['en', 'zh', 'ar']);
export type Locale = z.infer<typeof Locale>;

export const FaqEntry = z.object({
  id: z.string().min(1),
  /** Phrasings a visitor might use; matched lexically. */
  questions: z.array(z.string().min(1)).min(1),
  answer: z.string().min(1),
  locale: Locale,
});
export type FaqEntry = z.infer<typeof FaqEntry>;

export const Theme = z.object({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#2563eb'),
  position: z.enum(['right', 'left']).default('right'),
});

// ---------- model gateway (issue 3) ----------

/** Sampling parameters of one chain link; `maxTokens` is clamped to the site's `maxTokens`. */
export const SamplingParams = z.object({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  maxTokens: z.number().int().positive().optional(),
  stop: z.array(z.string().min(1)).max(4).optional(),
});
export type SamplingParams = z.infer<typeof SamplingParams>;

/** One link of a tier's chain: a registered provider id (`deepseek`, `siliconflow`, `openai`, `workers-ai`, `faq`) and a model. */
export const ChainLink = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  params: SamplingParams.default({}),
});
export type ChainLink = z.infer<typeof ChainLink>;

/** Ordered provider chains per tier. Links whose provider has no credentials are skipped; none left means `faq`. */
export const Tiers = z.object({
  fast: z.array(ChainLink).min(1),
  default: z.array(ChainLink).min(1),
  premium: z.array(ChainLink).min(1),
});
export type Tiers = z.infer<typeof Tiers>;

/** USD per million tokens: fresh input, cache-hit input, output. */
export const ModelPrice = z.object({
  input: z.number().min(0),
  cachedInput: z.number().min(0),
  output: z.number().min(0),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

/** The `maxTokens` ceiling when a site sets none. */
export const DEFAULT_MAX_TOKENS = 1024;
// ---------- end model gateway ----------
/** Reply cache settings (issue 6). Absent = these defaults; see worker/pipeline/cache/. */
export const CacheSettings = z.object({
  enabled: z.boolean().default(true),
  /** TTL of a cached reply when its intent sets none. KV needs at least 60 s. */
  defaultTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86400)
    .default(3600),
  /** Turns sampled above this temperature are neither read from nor written to the cache. */
  maxTemperature: z.number().min(0).max(2).default(0.3),
});
export type CacheSettings = z.infer<typeof CacheSettings>;

export const SiteConfig = z.object({
  key: z.string().min(1).max(128),
  name: z.string().min(1),
  /** Allowed browser origins: a full origin (`https://shop.example`) or a bare hostname (any scheme and port). */
  origins: z.array(z.string().min(1)).min(1),
  locale: Locale.default('en'),
  welcome: z.record(z.string(), z.string()).default({}),
  theme: Theme.default({ color: '#2563eb', position: 'right' }),
  faq: z.array(FaqEntry).default([]),
  version: z.number().int().min(1).default(1),
  /** Provider chains per tier; absent = derived from the configured secrets (DeepSeek, SiliconFlow, OpenAI-compatible, else `faq`). */
  tiers: Tiers.optional(),
  /** Ceiling on `max_tokens` for any link or API caller; absent = DEFAULT_MAX_TOKENS. */
  maxTokens: z.number().int().positive().optional(),
  /** Per-model price overrides, keyed by model name (defaults in worker/pipeline/gateway/pricing.ts). */
  prices: z.record(z.string(), ModelPrice).optional(),
  cache: CacheSettings.optional(),
  /** PII and content guards (issue 5); absent means `defaultGuardPolicy()`: mask PII, block injections, leak check. */
  guards: GuardPolicy.optional(),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
