/** Rules the support team writes: keywords (whole words, or substrings for Chinese) and regex patterns. */
import type { RE2JS } from 're2js';
import type { Intent } from '../../../shared/config';
import { compilePattern, patternMatches, SITE_PATTERN_BUDGET } from '../../../shared/pattern';
import { HAN, normaliseText } from './features';

export interface RuleHit {
  intentId: string;
  reason: string;
}

export interface CompiledRules {
  /** `norm`: the text through `normaliseText`, when the caller has it already. */
  match(text: string, norm?: string): RuleHit | null;
}

/**
 * The intents' patterns, compiled on the linear-time engine. A stored config validated under other rules
 * may hold a pattern the engine refuses or more than the site's budget: those patterns are left out
 * rather than run, so one message's pattern work stays bounded whatever the config says.
 */
function compilePatterns(intents: Intent[]): { src: string; re: RE2JS }[][] {
  let budget = SITE_PATTERN_BUDGET;
  return intents.map((intent) =>
    intent.patterns.flatMap((src) => {
      const compiled = compilePattern(src);
      if (!compiled.ok || compiled.size > budget) return [];
      budget -= compiled.size;
      return [{ src, re: compiled.re }];
    }),
  );
}

/**
 * Compile the intents' keywords and patterns once; `match` checks them in intent order. Patterns see the
 * message's first `PATTERN_TEXT_CHARS` characters.
 */
export function compileRules(intents: Intent[]): CompiledRules {
  const patterns = compilePatterns(intents);
  const compiled = intents.map((intent, i) => ({
    id: intent.id,
    keywords: intent.keywords.map((k) => ({ raw: k, norm: normaliseText(k), han: HAN.test(k) })).filter((k) => k.norm),
    patterns: patterns[i] ?? [],
  }));
  return {
    match(text, norm = normaliseText(text)) {
      const padded = ` ${norm} `;
      for (const intent of compiled) {
        for (const k of intent.keywords) {
          if (k.han ? padded.includes(k.norm) : padded.includes(` ${k.norm} `))
            return { intentId: intent.id, reason: `keyword "${k.raw}"` };
        }
        for (const p of intent.patterns) if (patternMatches(p.re, text)) return { intentId: intent.id, reason: `pattern /${p.src}/` };
      }
      return null;
    },
  };
}
