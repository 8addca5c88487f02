/**
 * The input guard: prompt-injection heuristics, block terms and PII on the visitor's message, before any provider,
 * cache key, log or audit row sees it. PII is replaced by typed placeholders recorded in the conversation's vault.
 */
import type { GuardPolicy } from '../../shared/guard-policy';
import { maskFindings, type PiiVault } from './mask';
import { safeScan } from './scan';
import type { Scanners } from './scanners';
import type { BlockReason, GuardAction } from './types';

export interface InputGuardResult {
  /** The text to send on: masked. Only meaningful when `blocked` is null. */
  text: string;
  actions: GuardAction[];
  blocked: BlockReason | null;
}

/** Guard one visitor message. Mutates `vault` (new placeholders); throws `ScanFailure` to fail closed. */
export function guardInput(text: string, policy: GuardPolicy, vault: PiiVault, scanners: Scanners, now: () => number): InputGuardResult {
  const actions: GuardAction[] = [];
  const budget = policy.scanBudgetMs;
  const injections = safeScan('injection', budget, now, () => scanners.injection(text));
  for (const name of injections) actions.push(`${policy.injection}:injection.${name}`);
  if (injections.length && policy.injection === 'block') return { text: '', actions, blocked: 'injection' };

  const terms = safeScan('terms', budget, now, () => scanners.terms.find(text));
  let out = text;
  if (terms.length) {
    actions.push(`${policy.profanity}:profanity`);
    if (policy.profanity === 'block') return { text: '', actions, blocked: 'profanity' };
    if (policy.profanity === 'mask') {
      for (const t of [...terms].reverse()) out = out.slice(0, t.start) + '*'.repeat(t.end - t.start) + out.slice(t.end);
    }
  }

  const findings = safeScan('pii', budget, now, () => scanners.pii(out, policy.minConfidence));
  const toMask = [];
  for (const f of findings) {
    const action = policy.piiTypes[f.type] ?? policy.pii;
    const tag = `${action}:${f.type.toLowerCase()}`;
    if (!actions.includes(tag)) actions.push(tag);
    if (action === 'block') return { text: '', actions, blocked: 'pii' };
    if (action === 'mask') toMask.push(f);
  }
  return { text: maskFindings(out, toMask, vault), actions, blocked: null };
}
