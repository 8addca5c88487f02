/**
 * Site configuration: what a site owner and support team decide. Parsed once at the edge with zod;
 * everything inside the Worker trusts the inferred types.
 */
import { z } from 'zod';

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
  cache: CacheSettings.optional(),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
