/**
 * A site's guard policy: what to do with personal data and abuse in each direction. Parsed with the site config;
 * every field has a default, so a site with no `guards` section gets masking, blocking of injections, and a leak
 * check on output.
 */
import { z } from 'zod';

export const PII_TYPES = ['EMAIL', 'PHONE', 'CN_ID', 'CARD', 'IBAN', 'IP', 'SSN', 'PASSPORT'] as const;
export const PiiType = z.enum(PII_TYPES);
export type PiiType = z.infer<typeof PiiType>;

/** block: end the turn; mask: replace and go on; flag: go on unchanged, noted in the audit log. */
export const GuardActionKind = z.enum(['block', 'mask', 'flag']);
export type GuardActionKind = z.infer<typeof GuardActionKind>;

export const GuardPolicy = z.object({
  /** Default action for personal data found in input or output. */
  pii: GuardActionKind.default('mask'),
  /** Per-type overrides of `pii`, e.g. `{ "CARD": "block" }`. */
  piiTypes: z.partialRecord(PiiType, GuardActionKind).default({}),
  /** Block-listed terms (our en/zh lists plus `blockTerms`). */
  profanity: GuardActionKind.default('mask'),
  /** Prompt-injection heuristics on input. */
  injection: z.enum(['block', 'flag']).default('block'),
  /** Show visitors their own masked values (e.g. their phone number) again in the reply they see. */
  restoreOwnValues: z.boolean().default(true),
  /** The site's own public contact values (e.g. its support e-mail) that replies may show unmasked. */
  allowValues: z.array(z.string().min(1).max(254)).max(100).default([]),
  /** Extra terms this site blocks, matched like the built-in lists. */
  blockTerms: z.array(z.string().min(1).max(64)).max(500).default([]),
  /** Findings below this confidence are ignored. */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /** A scan that takes longer than this fails closed. */
  scanBudgetMs: z.number().int().positive().max(5000).default(250),
});
export type GuardPolicy = z.infer<typeof GuardPolicy>;

/** The policy a site gets when its config has no `guards` section. */
export function defaultGuardPolicy(): GuardPolicy {
  return GuardPolicy.parse({});
}
