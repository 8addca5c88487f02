/**
 * Block-term matching that works on a stream: whole-word matches for Latin terms (case-insensitive), substring
 * matches for CJK terms, and `pendingPrefix` tells how many trailing characters could still grow into a term.
 */
const WORD = /[0-9A-Za-z]/;
const CJK = /[\u3400-\u9fff]/;

/** A compiled block list. */
export interface TermMatcher {
  /** Matches `[start, end)` in `text`. */
  find(text: string): { start: number; end: number; term: string }[];
  /** Length of the longest suffix of `text` that is a proper prefix of some term (0 if none). */
  pendingPrefix(text: string): number;
}

/** Compile a list of terms (any case, en or zh) into a matcher. */
export function compileTerms(terms: readonly string[]): TermMatcher {
  const list = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const prefixes = new Set<string>();
  let maxLen = 0;
  for (const t of list) {
    maxLen = Math.max(maxLen, t.length);
    for (let i = 1; i < t.length; i++) prefixes.add(t.slice(0, i));
  }
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sorted = [...list].sort((a, b) => b.length - a.length);
  const re = sorted.length ? new RegExp(sorted.map(esc).join('|'), 'gi') : null;
  return {
    find(text) {
      if (!re) return [];
      const out: { start: number; end: number; term: string }[] = [];
      for (const m of text.matchAll(re)) {
        const term = m[0].toLowerCase();
        const start = m.index;
        const end = start + term.length;
        const latin = !CJK.test(term);
        if (latin && (WORD.test(text[start - 1] ?? '') || WORD.test(text[end] ?? ''))) continue;
        out.push({ start, end, term });
      }
      return out;
    },
    pendingPrefix(text) {
      const lower = text.slice(-maxLen).toLowerCase();
      for (let n = Math.min(lower.length, maxLen - 1); n > 0; n--) {
        const tail = lower.slice(lower.length - n);
        if (!prefixes.has(tail)) continue;
        if (!CJK.test(tail[0] ?? '') && WORD.test(lower[lower.length - n - 1] ?? '')) continue;
        return n;
      }
      return 0;
    },
  };
}
