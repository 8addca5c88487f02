/**
 * The one tokenizer for knowledge: the index stores its output (space-separated, read by FTS5's `unicode61`) and
 * queries are built from it, so both sides always agree. Words are lower-cased NFKC letter/digit runs with a light
 * plural fold; Han (and kana, hangul) runs become overlapping bigrams, so two characters find Chinese text without
 * a dictionary and a single-character run stays a token of its own.
 */

const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Query words that carry no topic; the index keeps them (BM25 discounts them) but queries drop them. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its ' +
    'me my of on or our so that the their them then there these they this those to was we were what when where ' +
    'which who why will with would you your yours am any some there here just also about please'
  ).split(' '),
);

/**
 * Fold English plurals the way Harman's S-stemmer does (ies → y, es → e, s → ∅ with its exceptions): cheap,
 * and it never changes a word's meaning the way suffix-stripping stemmers do.
 */
export function foldWord(word: string): string {
  if (word.length < 4 || !word.endsWith('s')) return word;
  if (word.endsWith('ies') && !word.endsWith('eies') && !word.endsWith('aies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('es') && !/(?:aes|ees|oes)$/.test(word)) return word.slice(0, -1);
  if (/(?:ss|us|is)$/.test(word)) return word;
  return word.slice(0, -1);
}

/** Tokens of `text`, in order, duplicates kept (the index needs term frequencies). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(RUN)) {
    const run = match[0];
    if (CJK.test(run)) {
      const chars = Array.from(run);
      if (chars.length === 1) out.push(run);
      for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
    } else {
      out.push(foldWord(run));
    }
  }
  return out;
}

/** Distinct query tokens without stop words (all of them if every word is a stop word), capped at `max`. */
export function queryTerms(text: string, max = 32): string[] {
  const all = [...new Set(tokenize(text))];
  const kept = all.filter((t) => !STOP_WORDS.has(t));
  return (kept.length ? kept : all).slice(0, max);
}

/** Text as the FTS5 column stores it: tokens joined by spaces. */
export function indexText(text: string): string {
  return tokenize(text).join(' ');
}

/**
 * The single FTS5 token that names a site inside the shared index: `s` + the key's UTF-8 in hex, so no key
 * (slugs may hold `-` or `.`) splits into several tokens or collides with a word.
 */
export function siteToken(siteKey: string): string {
  let hex = '';
  for (const byte of new TextEncoder().encode(siteKey)) hex += byte.toString(16).padStart(2, '0');
  return `s${hex}`;
}

/** Approximate word count for passage sizing: Latin words, plus one per CJK character. */
export function wordCount(text: string): number {
  let n = 0;
  for (const match of text.matchAll(RUN)) n += CJK.test(match[0]) ? Array.from(match[0]).length : 1;
  return n;
}

/** The FTS5 token for a locale's language: `l` + its primary subtag (`zh-Hans-CN` → `lzh`). */
export function languageToken(locale: string): string {
  const primary =
    locale
      .split(/[-_]/)[0]
      ?.toLowerCase()
      .replace(/[^a-z]/g, '') || 'und';
  return `l${primary}`;
}
