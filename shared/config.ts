/**
 * Site configuration: what a site owner and support team decide. Parsed once at the edge with zod;
 * everything inside the Worker trusts the inferred types.
 */
import { z } from 'zod';
import { checkActions, MAX_ACTIONS, SiteAction } from './actions';
import { BusinessHours } from './business-hours';
import { GuardPolicy } from './guard-policy';
import { compilePattern, SITE_PATTERN_BUDGET } from './pattern';
import { MAX_MESSAGE_CHARS, Tier } from './protocol';

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

// ---------- model gateway ----------

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
/** Reply cache settings. Absent = these defaults; see worker/pipeline/cache/. */
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

/**
 * The assistant's voice and how strictly it keeps to the site's knowledge. `strict`: a question no passage
 * supports never reaches a model (the visitor is offered a person); `balanced`: the model answers, told to
 * prefer and cite the sources and never invent facts about the site.
 */
export const AssistantSettings = z.object({
  /** The name the assistant gives itself; absent = "the customer-support assistant of <site name>". */
  name: z.string().trim().min(1).max(100).optional(),
  /** Extra instructions per locale (`en`, `zh`, `ar`, …), added to the system prompt. */
  instructions: z.record(z.string(), z.string().max(4000)).default({}),
  strictness: z.enum(['strict', 'balanced']).default('strict'),
});
export type AssistantSettings = z.infer<typeof AssistantSettings>;
/** A slug: lower-case letters, digits, `-` and `_`. */
const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only');

/** A regular expression source the linear-time pattern engine compiles, within its size limit. */
const RegexSource = z
  .string()
  .min(1)
  .max(500)
  .superRefine((src, ctx) => {
    const compiled = compilePattern(src);
    if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.reason });
  });

/**
 * The most training a publish may do. Training runs inside the publish request; its CPU time grows with the
 * examples (and keywords) of all intents and with their product by the number of intents
 * (test/bench/publish-train.ts: 500 intents × 20 examples takes about 10 s of CPU, 50 × 500 about 6 s;
 * 500 × 500 would take minutes). The Workers CPU limit is 30 s by default on paid plans: these keep a
 * publish at about a third to a half of it.
 */
export const MAX_TRAINING_SIZE = 5_000_000;
export const MAX_TRAINING_EXAMPLES = 25_000;

/** Refuse a site whose intents would train past MAX_TRAINING_EXAMPLES or MAX_TRAINING_SIZE (examples × intents). */
function checkTrainingSize(intents: { examples: string[]; keywords: string[] }[], ctx: z.RefinementCtx): void {
  const examples = intents.reduce((n, i) => n + i.examples.length + i.keywords.length, 0);
  if (examples > MAX_TRAINING_EXAMPLES || examples * intents.length > MAX_TRAINING_SIZE) {
    ctx.addIssue({
      code: 'custom',
      message: `${intents.length} intents with ${examples} examples and keywords in all is too much to train at publish: at most ${MAX_TRAINING_EXAMPLES.toLocaleString('en')} in all, and examples × intents at most ${MAX_TRAINING_SIZE.toLocaleString('en')} (e.g. 500 intents × 20 examples, or 125 × 200)`,
    });
  }
}

/** Refuse the first pattern past the site's total pattern budget, by its path. */
function checkPatternBudget(intents: { patterns: string[] }[], ctx: z.RefinementCtx): void {
  let total = 0;
  intents.forEach((intent, i) => {
    intent.patterns.forEach((src, j) => {
      const compiled = compilePattern(src);
      if (!compiled.ok) return;
      total += compiled.size;
      if (total > SITE_PATTERN_BUDGET && total - compiled.size <= SITE_PATTERN_BUDGET)
        ctx.addIssue({
          code: 'custom',
          message: `the site's patterns exceed their budget of ${SITE_PATTERN_BUDGET} compiled instructions (simplify or remove some)`,
          path: [i, 'patterns', j],
        });
    });
  });
}

/**
 * An intent: what the support team decided to do with one kind of question. The router matches it by
 * keywords and patterns first, then by a classifier trained on `examples` (DESIGN decision 7).
 */
export const Intent = z
  .object({
    id: Slug,
    label: z.string().min(1).max(200),
    /** Example visitor messages; the classifier is trained on them at publish time. */
    examples: z.array(z.string().trim().min(1).max(500)).max(500).default([]),
    /** Whole words or phrases (any language); a message containing one matches the intent outright. */
    keywords: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
    /** RE2 regular expressions (case-insensitive, Unicode, linear-time); a message matching one matches the intent outright. */
    patterns: z.array(RegexSource).max(50).default([]),
    tier: Tier.default('default'),
    /** Added to the system prompt when this intent is chosen. */
    systemPrompt: z.string().max(4000).optional(),
    /** A canned answer per locale (`en`, `zh`, …): streamed without calling any model. */
    answer: z.record(z.string(), z.string().min(1).max(4000)).optional(),
    /** Marks the conversation for a human agent. */
    handoff: z.boolean().default(false),
    cacheable: z.boolean().default(true),
    /** Seconds a cached reply for this intent lives. */
    cacheTtl: z.number().int().min(0).max(2_592_000).optional(),
    /** A site action to call when this intent is chosen, with the arguments its patterns capture by name (`(?<orderId>\d+)`). */
    action: z.string().min(1).max(64).optional(),
    /** With `action`, the built-in responder's reply per locale, filled with the result's top-level fields (`{status}`). */
    actionAnswer: z.record(z.string(), z.string().min(1).max(4000)).optional(),
  })
  .refine((i) => i.examples.length > 0 || i.keywords.length > 0, {
    message: 'an intent needs at least one example or one keyword',
    path: ['examples'],
  });
export type Intent = z.infer<typeof Intent>;

/** Router settings of a site: when the classifier's best intent is taken, and when the message is out of scope. */
export const RouterSettings = z.object({
  /** The confidence (the intent's share against the other intents and off-topic) below which a message is out of scope. */
  threshold: z.number().min(0).max(1).default(0.5),
  /**
   * The evidence floor: the best intent's raw score (about 1 for a message like its examples, near 0 for one
   * sharing nothing with them) below which the message is out of scope however confident the classifier is.
   * A lone common word ("university", "told") can be the closest thing to one intent without being about it.
   * 0 turns it off. 0.25 was chosen on CLINC150 train/val sites and the demo site (see the README).
   */
  minScore: z.number().min(0).max(2).default(0.25),
  /**
   * An intent's scores grow with its examples, off-topic messages' too, so its floor grows with them: it is
   * `minScore` up to 6 examples (and keywords) in the message's script (Han or not), rising linearly to
   * `minScore × minScoreGrowth` at 20 and more. 1 keeps one floor for every intent. 1.6 (0.25 → 0.4) was
   * chosen on CLINC150 train/val sites of 3–25 examples an intent (see the README).
   */
  minScoreGrowth: z.number().min(1).max(4).default(1.6),
});

/**
 * Provider tokens (input + output) a site may spend per UTC day when its config sets none: about a thousand
 * ordinary turns, so a leaked public site key cannot run up an unbounded provider bill. Sites raise it
 * with `limits.tokensPerDay`.
 */
export const DEFAULT_TOKENS_PER_DAY = 1_000_000;

/** Per-site limits (others may add more, each with a default). */
export const Limits = z.object({
  maxMessageChars: z.number().int().min(1).max(MAX_MESSAGE_CHARS).default(MAX_MESSAGE_CHARS),
  messagesPerMinute: z.number().int().min(1).max(10_000).default(20),
  /** Provider tokens (input + output) the site may spend per UTC day (see DEFAULT_TOKENS_PER_DAY). */
  tokensPerDay: z.number().int().positive().max(1e12).default(DEFAULT_TOKENS_PER_DAY),
});
export type Limits = z.infer<typeof Limits>;

/**
 * Cloudflare Turnstile on new conversations: when enabled, a conversation starts only with a token the
 * widget got from a solved challenge, verified server-side (siteverify) with the Worker secret
 * `TURNSTILE_SECRET`. `siteKey` is Turnstile's public key for the widget to render the challenge with.
 */
export const TurnstileSettings = z.object({
  enabled: z.boolean().default(false),
  siteKey: z.string().min(1).max(100).optional(),
  /** When set, the token must have been issued for this action (`data-action` of the widget). */
  action: z.string().min(1).max(32).optional(),
});
export type TurnstileSettings = z.infer<typeof TurnstileSettings>;

/**
 * A site key: lower-case letters, digits and `-`, 1–64 characters. Keys are joined with other ids by `:`
 * (conversation objects, audit ids), so they never contain one.
 */
export const SiteKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/, 'a site key is lower-case letters, digits and - only');

/** The human desk's settings. */
export const HandoffSettings = z.object({
  /** Minutes of visitor silence after the bot's answer before the conversation closes (and asks for a rating); 0 = never. */
  idleCloseMinutes: z.number().int().min(0).max(10_080).default(30),
});

export const SiteConfig = z
  .object({
    key: SiteKey,
    name: z.string().min(1),
    /** Allowed browser origins: a full origin (`https://shop.example`) or a bare hostname (any scheme and port). */
    origins: z.array(z.string().min(1)).min(1),
    locale: Locale.default('en'),
    welcome: z.record(z.string(), z.string()).default({}),
    theme: Theme.default({ color: '#2563eb', position: 'right' }),
    faq: z.array(FaqEntry).default([]),
    limits: Limits.default({ maxMessageChars: MAX_MESSAGE_CHARS, messagesPerMinute: 20, tokensPerDay: DEFAULT_TOKENS_PER_DAY }),
    intents: z
      .array(Intent)
      .max(500)
      .default([])
      .superRefine((intents, ctx) => {
        const seen = new Set<string>();
        intents.forEach((intent, i) => {
          if (seen.has(intent.id)) ctx.addIssue({ code: 'custom', message: `duplicate intent id "${intent.id}"`, path: [i, 'id'] });
          seen.add(intent.id);
        });
        checkPatternBudget(intents, ctx);
        checkTrainingSize(intents, ctx);
      }),
    router: RouterSettings.default({ threshold: 0.5, minScore: 0.25, minScoreGrowth: 1.6 }),
    version: z.number().int().min(1).default(1),
    /** Provider chains per tier; absent = derived from the configured secrets (DeepSeek, SiliconFlow, OpenAI-compatible, else `faq`). */
    tiers: Tiers.optional(),
    /** Ceiling on `max_tokens` for any link or API caller; absent = DEFAULT_MAX_TOKENS. */
    maxTokens: z.number().int().positive().optional(),
    /** Per-model price overrides, keyed by model name (defaults in worker/pipeline/gateway/pricing.ts). */
    prices: z.record(z.string(), ModelPrice).optional(),
    cache: CacheSettings.optional(),
    /** The assistant's name, instructions and strictness; absent = unnamed, no extra instructions, `strict`. */
    assistant: AssistantSettings.optional(),
    /** PII and content guards; absent means `defaultGuardPolicy()`: mask PII, block injections, leak check. */
    guards: GuardPolicy.optional(),
    /** Optional Turnstile check on new conversations; absent = off. */
    turnstile: TurnstileSettings.optional(),
    /** Business hours of the human desk; absent = always open. Outside them a request for a person is answered by the bot. */
    hours: BusinessHours.optional(),
    /** The human desk: idle closing; absent = close after 30 idle minutes. */
    handoff: HandoffSettings.optional(),
    /** Endpoints of the site's own systems the assistant may call (docs/actions.md); absent = none. */
    actions: z.array(SiteAction).max(MAX_ACTIONS).optional(),
  })
  .superRefine((site, ctx) => checkActions(site, ctx));
export type SiteConfig = z.infer<typeof SiteConfig>;

/** `GET /v1/widget-config`: the public part of a site's config the widget reads at load (nothing secret). */
export const WidgetConfig = z.object({
  locale: Locale,
  welcome: z.record(z.string(), z.string()),
  theme: Theme,
  /** The longest message the site accepts; the widget's input stops there. */
  maxMessageChars: z.number().int().positive(),
});
export type WidgetConfig = z.infer<typeof WidgetConfig>;
/** A site config as written by hand (defaults not yet applied). */
export type SiteConfigInput = z.input<typeof SiteConfig>;
