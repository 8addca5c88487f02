/** The scanners a guard uses, as a port so tests can swap one for a failing one. */
import type { CountryCode } from 'libphonenumber-js/max';
import type { GuardPolicy } from '../../shared/guard-policy';
import { detectPii, resolvePii, scanPii } from './pii/index';
import { detectInjection } from './policy/injection';
import { BLOCK_TERMS_EN, BLOCK_TERMS_ZH } from './policy/lists';
import { compileTerms, type TermMatcher } from './policy/terms';
import type { Finding } from './types';

export interface Scanners {
  pii(text: string, minConfidence: number): Finding[];
  injection(text: string): string[];
  terms: TermMatcher;
}

const builtIn = compileTerms([...BLOCK_TERMS_EN, ...BLOCK_TERMS_ZH]);

/**
 * The real scanners for a policy (the site's extra block terms compiled in); `pii` replaces the PII scanner.
 * `regions` are the national phone plans to read numbers without `+` in, preferred first (`regionsFor` of the
 * site's and the visitor's locales); without them only the built-in fallback plans apply, on stronger evidence.
 */
export function defaultScanners(policy: GuardPolicy, pii?: Scanners['pii'], regions: readonly CountryCode[] = []): Scanners {
  return {
    pii: pii ?? ((text, minConfidence) => detectPii(text, { minConfidence, regions })),
    injection: detectInjection,
    terms: policy.blockTerms.length ? compileTerms([...BLOCK_TERMS_EN, ...BLOCK_TERMS_ZH, ...policy.blockTerms]) : builtIn,
  };
}

/**
 * A PII scanner for one visitor message that keeps the raw findings of the last text it read: the message is
 * guarded at the conversation's door (default policy) and again in the pipeline (the site's policy), and when the
 * text is the same the second guard resolves the first scan at its own confidence instead of reading it again.
 * It holds the text only as long as the caller keeps it (one turn). `scan` is the raw scanner (tests count calls);
 * the default one reads phones in `regions`.
 */
export function piiOnce(scan?: (text: string) => Finding[], regions: readonly CountryCode[] = []): Scanners['pii'] {
  const read = scan ?? ((text: string) => scanPii(text, undefined, regions));
  let last: string | undefined;
  let raw: Finding[] = [];
  return (text, minConfidence) => {
    if (text !== last) {
      raw = read(text);
      last = text;
    }
    return resolvePii(raw, { minConfidence });
  };
}
