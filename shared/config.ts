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
  /** PII and content guards (issue 5); absent means `defaultGuardPolicy()`: mask PII, block injections, leak check. */
  guards: GuardPolicy.optional(),
});
export type SiteConfig = z.infer<typeof SiteConfig>;
