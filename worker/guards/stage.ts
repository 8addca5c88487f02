/**
 * The guard stage of the turn pipeline: guards the visitor's input (and masks the history) before the provider,
 * puts the canary in the system prompt, and hands back the output guard that wraps the provider's deltas.
 */
import type { GuardPolicy } from '../../shared/guard-policy';
import { ParleyError } from '../errors';
import type { ChatTurnMessage } from '../providers/types';
import { guardInput } from './input';
import { emptyVault, maskFindings, normalise, type PiiVault } from './mask';
import { createOutputGuard, type OutputGuard } from './output';
import { regionsFor } from './pii/regions';
import { makeCanary, withCanary } from './policy/canary';
import { safeScan } from './scan';
import { defaultScanners, type Scanners } from './scanners';
import type { BlockReason, GuardAction } from './types';

export interface GuardStageInput {
  policy: GuardPolicy;
  text: string;
  history: readonly ChatTurnMessage[];
  /** The conversation's placeholder map; mutated in place (new placeholders), never logged. */
  vault?: PiiVault;
  now: () => number;
  random: () => number;
  scanners?: Scanners;
  /** The PII scanner the default scanners use (one shared with the conversation's door scan, see `piiOnce`). */
  pii?: Scanners['pii'];
  /** Text the site publishes itself (FAQ answers): PII found there may appear in replies unmasked. */
  publicTexts?: readonly string[];
  /**
   * Locales whose regions' phone plans numbers without `+` are read in, preferred first: the site's locale, then
   * the visitor's (`hello.locale`). Without them only the built-in fallback plans apply.
   */
  locales?: readonly (string | undefined)[];
}

/** The visitor's message after the input guard: masked text and history, or the reason it was refused. */
export interface GuardedInput {
  /** Set when the input is refused; the provider must not be called. */
  blocked: ParleyError | null;
  /** The masked message ('' when blocked): what routing and the provider see. */
  text: string;
  /** The history with PII masked (empty when blocked). */
  history: ChatTurnMessage[];
  vault: PiiVault;
  /** Input-side actions; the output guard's are in `output.state.actions`. */
  inputActions: GuardAction[];
  /** What arming the output guard needs from this input stage. */
  readonly setup: Pick<GuardStageInput, 'policy' | 'now' | 'random' | 'publicTexts'> & { scanners: Scanners };
}

export interface GuardStage {
  /** Set when the input is refused; the provider must not be called. */
  blocked: ParleyError | null;
  /** System prompt (with canary), masked history (restored replies included) and masked message, for the provider. */
  messages: ChatTurnMessage[];
  output: OutputGuard;
  vault: PiiVault;
  /** Input-side actions; the output guard's are in `output.state.actions`. */
  inputActions: GuardAction[];
}

const MESSAGES: Record<BlockReason, string> = {
  injection: "Sorry, I can't help with that request. Please ask about our products or your order.",
  profanity: 'Your message was not sent because it contains language we do not allow. Please rephrase it.',
  pii: 'Please do not share this kind of personal information here. Your message was not sent.',
  canary: 'Sorry, I could not finish that reply: it was stopped by our content policy.',
  leak: 'Sorry, I could not finish that reply: it was stopped by our content policy.',
  scan_failed: 'We could not check this message safely, so it was not sent. Please try again.',
};

/** The typed error a visitor sees when a guard ends the turn. */
export function guardBlocked(reason: BlockReason): ParleyError {
  return new ParleyError('blocked_by_policy', MESSAGES[reason], { retryable: reason === 'scan_failed' });
}

const NONE: readonly string[] = [];
const published = new WeakMap<readonly string[], Map<string, Set<string>>>();

/**
 * PII the site publishes itself (FAQ answers, `allowValues`), which replies may show unmasked. Scanned once
 * per published text list (a site version), not on every turn.
 */
function publishedValues(texts: readonly string[], policy: GuardPolicy, scanners: Scanners): Set<string> {
  const byPolicy = published.get(texts) ?? new Map<string, Set<string>>();
  published.set(texts, byPolicy);
  const key = `${policy.minConfidence}\u0000${policy.allowValues.join('\u0000')}`;
  const hit = byPolicy.get(key);
  if (hit) return hit;
  const allowed = new Set<string>();
  for (const t of [...texts, ...policy.allowValues])
    for (const f of scanners.pii(t, policy.minConfidence)) allowed.add(normalise(f.type, t.slice(f.start, f.end)));
  byPolicy.set(key, allowed);
  return allowed;
}

/**
 * Guard the visitor's message (block, flag, mask) and mask its history with the same vault. Routing then
 * runs on `text`; `armGuards` adds the system prompt. Throws `ScanFailure` (fail closed).
 */
export function guardTurnInput(i: GuardStageInput): GuardedInput {
  const vault = i.vault ?? emptyVault();
  const scanners = i.scanners ?? defaultScanners(i.policy, i.pii, regionsFor(i.locales ?? NONE));
  const inGuard = guardInput(i.text, i.policy, vault, scanners, i.now);
  const setup = { policy: i.policy, now: i.now, random: i.random, scanners, ...(i.publicTexts ? { publicTexts: i.publicTexts } : {}) };
  // Operators see what the guards did in the Worker's logs: action names only, never text or values.
  if (inGuard.actions.length) console.log(JSON.stringify({ evt: 'guard_input', blocked: inGuard.blocked, actions: inGuard.actions }));
  if (inGuard.blocked)
    return { blocked: guardBlocked(inGuard.blocked), text: '', history: [], vault, inputActions: inGuard.actions, setup };
  const history = i.history.map((m) =>
    m.role !== 'system'
      ? {
          ...m,
          content: maskFindings(
            m.content,
            safeScan('pii', i.policy.scanBudgetMs, i.now, () => scanners.pii(m.content, i.policy.minConfidence)),
            vault,
            // Only the visitor's own messages make values restorable; an agent's or the bot's text does not.
            m.role === 'user',
          ),
        }
      : m,
  );
  return { blocked: null, text: inGuard.text, history, vault, inputActions: inGuard.actions, setup };
}

/**
 * Put a fresh canary in the system prompt and build the output guard, whose leak check covers that whole
 * prompt; returns the messages for the provider (system, masked history, masked message).
 */
export function armGuards(input: GuardedInput, systemPrompt: string): { messages: ChatTurnMessage[]; output: OutputGuard } {
  const { policy, now, random, scanners, publicTexts } = input.setup;
  const canary = makeCanary(random);
  const system = withCanary(systemPrompt, canary);
  const allowed = publishedValues(publicTexts ?? NONE, policy, scanners);
  const output = createOutputGuard({ policy, vault: input.vault, scanners, canary, systemPrompt: system, now, allowed });
  return { messages: [{ role: 'system', content: system }, ...input.history, { role: 'user', content: input.text }], output };
}

/** Both input and output sides for a fixed system prompt. Throws `ScanFailure` (fail closed). */
export function prepareGuards(i: GuardStageInput & { systemPrompt: string }): GuardStage {
  const input = guardTurnInput(i);
  const { messages, output } = armGuards(input, i.systemPrompt);
  return { blocked: input.blocked, messages: input.blocked ? [] : messages, output, vault: input.vault, inputActions: input.inputActions };
}

/** Whether a finished turn may be cached: never when a guard altered, restored or flagged anything in its reply or input. */
export function guardsAllowCache(inputActions: readonly GuardAction[], output: OutputGuard): boolean {
  return !output.state.altered && !output.state.flagged && !inputActions.some((a) => a.startsWith('flag:') || a.startsWith('block:'));
}
