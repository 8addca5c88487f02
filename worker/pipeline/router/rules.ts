/** Rules the support team writes: keywords (whole words, or substrings for Chinese) and regex patterns. */
import type { Intent } from '../../../shared/config';
import { HAN, normaliseText } from './features';

export interface RuleHit {
  intentId: string;
  reason: string;
}

export interface CompiledRules {
  /** `norm`: the text through `normaliseText`, when the caller has it already. */
  match(text: string, norm?: string): RuleHit | null;
}

/** Compile the intents' keywords and patterns once; `match` checks them in intent order. */
export function compileRules(intents: Intent[]): CompiledRules {
  const compiled = intents.map((intent) => ({
    id: intent.id,
    keywords: intent.keywords.map((k) => ({ raw: k, norm: normaliseText(k), han: HAN.test(k) })).filter((k) => k.norm),
    patterns: intent.patterns.map((src) => ({ src, re: new RegExp(src, 'iu') })),
  }));
  return {
    match(text, norm = normaliseText(text)) {
      const padded = ` ${norm} `;
      for (const intent of compiled) {
        for (const k of intent.keywords) {
          if (k.han ? padded.includes(k.norm) : padded.includes(` ${k.norm} `))
            return { intentId: intent.id, reason: `keyword "${k.raw}"` };
        }
        for (const p of intent.patterns) if (p.re.test(text)) return { intentId: intent.id, reason: `pattern /${p.src}/` };
      }
      return null;
    },
  };
}
