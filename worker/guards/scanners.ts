/** The scanners a guard uses, as a port so tests can swap one for a failing one. */
import type { GuardPolicy } from '../../shared/guard-policy';
import { detectPii } from './pii/index';
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

/** The real scanners for a policy (the site's extra block terms compiled in). */
export function defaultScanners(policy: GuardPolicy): Scanners {
  return {
    pii: (text, minConfidence) => detectPii(text, { minConfidence }),
    injection: detectInjection,
    terms: policy.blockTerms.length ? compileTerms([...BLOCK_TERMS_EN, ...BLOCK_TERMS_ZH, ...policy.blockTerms]) : builtIn,
  };
}
