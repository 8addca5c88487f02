/**
 * The arguments an intent's patterns capture by name (`order\D{0,20}(?<orderId>\d{3,})`): what the
 * built-in responder calls the intent's action with, no model needed.
 */
import type { SiteAction } from '../../shared/actions';
import { compilePattern, PATTERN_TEXT_CHARS } from '../../shared/pattern';

/** Named groups of the first of `patterns` that matches `text` and captures any; empty when none does. */
export function patternArguments(patterns: readonly string[], text: string): Record<string, string> {
  const seen = text.slice(0, PATTERN_TEXT_CHARS);
  for (const src of patterns) {
    const compiled = compilePattern(src);
    if (!compiled.ok) continue;
    const names = Object.keys(compiled.re.namedGroups());
    if (names.length === 0) continue;
    const m = compiled.re.matcher(seen);
    if (!m.find()) continue;
    const out: Record<string, string> = {};
    for (const name of names) {
      const v = m.group(name);
      if (v !== null) out[name] = v;
    }
    if (Object.keys(out).length > 0) return out;
  }
  return {};
}

/** Whether `args` has every argument the action's schema requires, apart from the identity fields filled from the token. */
export function hasRequired(action: SiteAction, args: Record<string, unknown>): boolean {
  const required = Array.isArray(action.parameters.required) ? action.parameters.required : [];
  const identity = new Set<string>(action.identity ?? []);
  return required.every((k) => typeof k !== 'string' || identity.has(k) || args[k] !== undefined);
}
