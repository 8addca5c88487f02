/**
 * Site configuration: what a site owner and support team decide. Parsed once at the edge with zod;
 * everything inside the Worker trusts the inferred types.
 */
import { z } from 'zod';
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

/** A slug: lower-case letters, digits, `-` and `_`. */
const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only');

/** A regular expression source that must compile (with the `iu` flags the router uses). */
const RegexSource = z
  .string()
  .min(1)
  .max(500)
  .refine((src) => {
    try {
      new RegExp(src, 'iu');
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

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
    /** Regular expressions (case-insensitive, Unicode); a message matching one matches the intent outright. */
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
  })
  .refine((i) => i.examples.length > 0 || i.keywords.length > 0, {
    message: 'an intent needs at least one example or one keyword',
    path: ['examples'],
  });
export type Intent = z.infer<typeof Intent>;

/** Router settings of a site: the confidence below which a message is out of scope. */
export const RouterSettings = z.object({
  threshold: z.number().min(0).max(1).default(0.5),
});

/** Per-site limits (others may add more, each with a default). */
export const Limits = z.object({
  maxMessageChars: z.number().int().min(1).max(MAX_MESSAGE_CHARS).default(MAX_MESSAGE_CHARS),
  messagesPerMinute: z.number().int().min(1).max(10_000).default(20),
});

export const SiteConfig = z.object({
  key: z.string().min(1).max(128),
  name: z.string().min(1),
  /** Allowed browser origins: a full origin (`https://shop.example`) or a bare hostname (any scheme and port). */
  origins: z.array(z.string().min(1)).min(1),
  locale: Locale.default('en'),
  welcome: z.record(z.string(), z.string()).default({}),
  theme: Theme.default({ color: '#2563eb', position: 'right' }),
  faq: z.array(FaqEntry).default([]),
  limits: Limits.default({ maxMessageChars: MAX_MESSAGE_CHARS, messagesPerMinute: 20 }),
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
    }),
  router: RouterSettings.default({ threshold: 0.5 }),
  version: z.number().int().min(1).default(1),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
/** A site config as written by hand (defaults not yet applied). */
export type SiteConfigInput = z.input<typeof SiteConfig>;
