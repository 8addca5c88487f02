/**
 * Intent patterns run on a linear-time engine (re2js), never on the backtracking `RegExp`: a pattern an
 * editor writes is matched against every visitor message, so its cost must not depend on how the text is
 * crafted. Lookaround and backreferences have no linear-time form and are refused at validation.
 */
import { RE2JS } from 're2js';

/** The leading characters of a message that patterns see; the rest of a long message is not matched. */
export const PATTERN_TEXT_CHARS = 1000;
/** The largest compiled program (RE2 instructions) one pattern may have. */
export const MAX_PATTERN_PROGRAM = 500;
/**
 * The compiled instructions all of a site's patterns may have together. Matching costs about
 * instructions × characters in the worst case, so this and `PATTERN_TEXT_CHARS` bound the pattern work
 * of one message: about 0.1 s on one core for a site at the budget with the heaviest patterns, on the
 * first message after a compile (the lazy DFA is built then); well under 1 ms after, and for ordinary
 * patterns (the demo's are 77 instructions each).
 */
export const SITE_PATTERN_BUDGET = 2000;

export type CompiledPattern = { ok: true; re: RE2JS; size: number } | { ok: false; reason: string };

/** Compile an intent pattern case-insensitively, or say why it cannot be used. */
export function compilePattern(src: string): CompiledPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(src, RE2JS.CASE_INSENSITIVE);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      reason: `not a regular expression the linear-time engine accepts (no lookaround or backreferences): ${detail}`,
    };
  }
  const size = re.programSize();
  if (size > MAX_PATTERN_PROGRAM) return { ok: false, reason: `pattern too complex: ${size} instructions, at most ${MAX_PATTERN_PROGRAM}` };
  return { ok: true, re, size };
}

/**
 * Stands where a long message was cut: a noncharacter no visitor types, so an end anchor (`$`) does not
 * match at the cut, as it would not have matched there in the whole message.
 */
const CUT = '\uFFFF';

/** Whether a compiled pattern matches the text, of which it sees the first `PATTERN_TEXT_CHARS` characters. */
export function patternMatches(re: RE2JS, text: string): boolean {
  return re.test(text.length > PATTERN_TEXT_CHARS ? text.slice(0, PATTERN_TEXT_CHARS) + CUT : text);
}
