/**
 * The streaming output guard: a transform over the provider's text deltas with a rolling hold-back buffer. Each
 * push releases the longest prefix that no detector, block term, placeholder or the canary can still match across
 * the boundary; values split across chunks are therefore seen whole. The canary, or a verbatim run of the system
 * prompt of `LEAK_RUN` characters, ends the turn.
 */
import type { GuardPolicy } from '../../shared/guard-policy';
import { holdBack, MAX_HOLD } from './hold';
import { isOwnValue, normalise, type PiiVault, PLACEHOLDER, piiLabel, restorePlaceholders } from './mask';
import { leakTracker } from './policy/leak';
import { safeScan } from './scan';
import type { Scanners } from './scanners';
import type { BlockReason, GuardAction } from './types';

/** A verbatim run of the system prompt this long in the output is a leak. */
export const LEAK_RUN = 48;
/** Runs this long start being held back until they diverge or reach `LEAK_RUN`. */
const LEAK_HOLD = 12;
const CONTEXT = 64;

export interface OutputStep {
  /** Text safe to send to the visitor now (possibly empty). */
  text: string;
  /** Set when the turn must end: nothing more may be sent. */
  blocked: BlockReason | null;
}

export interface OutputGuard {
  push(chunk: string): OutputStep;
  /** Release whatever is held at the end of the stream. */
  end(): OutputStep;
  /** What the guard did; a turn whose output was altered or flagged must not be cached. */
  readonly state: { altered: boolean; flagged: boolean; actions: GuardAction[]; held: number[] };
}

export interface OutputGuardOptions {
  policy: GuardPolicy;
  vault: PiiVault;
  scanners: Scanners;
  canary: string;
  systemPrompt: string;
  now: () => number;
  /** Values the site itself publishes (its FAQ answers, `guards.allowValues`): never masked in replies. */
  allowed?: ReadonlySet<string>;
}

/** Create the output guard for one turn. `push` and `end` throw `ScanFailure` to fail closed. */
export function createOutputGuard(o: OutputGuardOptions): OutputGuard {
  const { policy, vault, scanners, canary } = o;
  // Everything up to the canary is per turn; the prompt after it is shared by every turn of the site version.
  const canaryAt = o.systemPrompt.indexOf(canary);
  const leak = leakTracker(o.systemPrompt, canaryAt < 0 ? 0 : canaryAt + canary.length);
  const canaryLower = canary.toLowerCase();
  const state = { altered: false, flagged: false, actions: [] as GuardAction[], held: [] as number[] };
  let ctx = '';
  let pending = '';
  let stopped: BlockReason | null = null;

  const note = (a: GuardAction) => {
    if (!state.actions.includes(a)) state.actions.push(a);
    if (a.startsWith('flag:')) state.flagged = true;
  };
  const block = (reason: BlockReason, action: GuardAction): OutputStep => {
    note(action);
    stopped = reason;
    state.altered = true;
    console.log(JSON.stringify({ evt: 'guard_output', blocked: reason, actions: state.actions }));
    pending = '';
    return { text: '', blocked: reason };
  };

  function release(final: boolean): OutputStep {
    const budget = policy.scanBudgetMs;
    const whole = ctx + pending;
    if (whole.toLowerCase().includes(canaryLower)) return block('canary', 'block:canary');
    if (leak.run >= LEAK_RUN) return block('leak', 'block:leak');
    let cut = pending.length;
    if (!final) {
      const hold = Math.max(
        safeScan('hold', budget, o.now, () => holdBack(pending, scanners.terms, canary)),
        leak.run >= LEAK_HOLD ? Math.min(leak.run, pending.length) : 0,
      );
      cut = Math.max(pending.length - hold, pending.length - MAX_HOLD, 0);
    }
    const off = ctx.length;
    const findings = safeScan('pii', budget, o.now, () => scanners.pii(whole, policy.minConfidence));
    const terms = safeScan('terms', budget, o.now, () => scanners.terms.find(whole));
    const places = [...whole.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    // Nothing that straddles the cut is released: it is held whole until it is complete.
    for (const s of [...findings, ...terms, ...places])
      if (s.start - off < cut && s.end - off > cut && s.end > off) cut = Math.max(0, s.start - off);
    const edits: { start: number; end: number; with: string }[] = [];
    for (const f of findings) {
      if (f.start < off || f.end - off > cut) continue;
      const raw = whole.slice(f.start, f.end);
      const action = policy.piiTypes[f.type] ?? policy.pii;
      if (o.allowed?.has(normalise(f.type, raw))) continue;
      if (policy.restoreOwnValues && isOwnValue(vault, f.type, raw)) continue;
      note(`${action}:out.${f.type.toLowerCase()}`);
      if (action === 'block') return block('pii', `block:out.${f.type.toLowerCase()}`);
      if (action === 'mask') edits.push({ start: f.start - off, end: f.end - off, with: `[${piiLabel(f.type)}]` });
    }
    for (const t of terms) {
      if (t.start < off || t.end - off > cut || edits.some((e) => t.start - off < e.end && e.start < t.end - off)) continue;
      note(`${policy.profanity}:out.profanity`);
      if (policy.profanity === 'block') return block('profanity', 'block:out.profanity');
      if (policy.profanity === 'mask') edits.push({ start: t.start - off, end: t.end - off, with: '*'.repeat(t.end - t.start) });
    }
    const raw = pending.slice(0, cut);
    let text = '';
    let at = 0;
    for (const e of edits.sort((a, b) => a.start - b.start)) {
      text += raw.slice(at, e.start) + e.with;
      at = e.end;
    }
    text += raw.slice(at);
    if (edits.length) state.altered = true;
    if (policy.restoreOwnValues) {
      const restored = restorePlaceholders(text, vault);
      if (restored !== text) {
        note('restore:own_values');
        state.altered = true;
      }
      text = restored;
    }
    ctx = (ctx + raw).slice(-CONTEXT);
    pending = pending.slice(cut);
    if (!final) state.held.push(pending.length);
    return { text, blocked: null };
  }

  return {
    push(chunk) {
      if (stopped) return { text: '', blocked: stopped };
      pending += chunk;
      leak.push(chunk);
      return release(false);
    },
    end() {
      if (stopped) return { text: '', blocked: stopped };
      return release(true);
    },
    state,
  };
}
