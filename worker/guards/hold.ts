/**
 * How many trailing characters of the unreleased text could still grow into something a guard must catch:
 * the current word (an e-mail, a placeholder, an ID), a run of digit groups (a spaced card or phone number),
 * IBAN letter groups, a prefix of a block term or of the canary.
 */
import type { TermMatcher } from './policy/terms';

/** Upper bound on what a single value can hold back; longer runs are released from the front. */
export const MAX_HOLD = 96;

const isWordCh = (c: number) =>
  (c >= 48 && c <= 57) ||
  (c >= 65 && c <= 90) ||
  (c >= 97 && c <= 122) ||
  (c >= 0xff01 && c <= 0xff5e) ||
  '@._%+-:/#[]()'.includes(String.fromCharCode(c));
const isGroupCh = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 0xff10 && c <= 0xff19) || c === 41;

/** Length of the trailing word, joined across single spaces between digit or capital groups. */
export function wordTail(text: string): number {
  let i = text.length;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (isWordCh(c)) i--;
    else if (
      (c === 32 || c === 0x3000) &&
      i >= 2 &&
      isGroupCh(text.charCodeAt(i - 2)) &&
      (i === text.length || isGroupCh(text.charCodeAt(i)))
    )
      i--;
    else break;
    if (text.length - i >= MAX_HOLD) break;
  }
  return text.length - i;
}

/** Longest suffix of `text` that is a proper prefix of `token` (case-insensitive). */
export function tokenPrefixTail(text: string, token: string): number {
  const t = token.toLowerCase();
  const tail = text.slice(-(t.length - 1)).toLowerCase();
  for (let n = tail.length; n > 0; n--) if (t.startsWith(tail.slice(tail.length - n))) return n;
  return 0;
}

/** Characters to hold back at the end of `text`. */
export function holdBack(text: string, terms: TermMatcher, canary: string): number {
  return Math.min(text.length, Math.max(wordTail(text), terms.pendingPrefix(text), tokenPrefixTail(text, canary)));
}
