/**
 * The built-in `faq` responder: the embedded default when no provider key is configured. It answers
 * from the site's FAQ entries by lexical retrieval (character bigrams, so Chinese needs no tokenizer,
 * plus words), else extractively from the best passage the turn retrieved (see `extract.ts`), streams
 * the answer in small chunks, and says plainly when it has none.
 */
import type { FaqEntry, SiteConfig } from '../../../shared/config';
import { normaliseText } from '../../../shared/text';
import type { GroundingSource, Provider, ProviderChunk } from '../types';
import { extractAnswer } from './extract';

const MIN_SCORE = 0.18;

const NO_ANSWER: Record<string, string> = {
  en: "I'm sorry, I don't have an answer to that. A member of our support team can help — just ask to talk to a person.",
  zh: '抱歉，我暂时无法回答这个问题。您可以要求转人工，由客服为您解答。',
  ar: 'عذرًا، ليست لدي إجابة عن ذلك. يمكنك طلب التحدث إلى أحد موظفي الدعم.',
};

const STOP = new Set([
  'the',
  'a',
  'an',
  'is',
  'are',
  'do',
  'does',
  'i',
  'my',
  'you',
  'your',
  'to',
  'of',
  'for',
  'how',
  'what',
  'can',
  'me',
  'it',
  'in',
  'on',
  'and',
  'we',
  'when',
  'where',
]);

/** Features for lexical match: content words and character bigrams of CJK runs. */
export function features(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of normaliseText(text).split(' ')) {
    if (!word) continue;
    if (/\p{Script=Han}/u.test(word)) {
      const chars = [...word];
      for (let i = 0; i < chars.length - 1; i++) out.add(`${chars[i]}${chars[i + 1]}`);
      if (chars.length === 1) out.add(word);
    } else if (!STOP.has(word)) {
      out.add(word.length > 4 ? word.replace(/(ing|ed|es|s)$/, '') : word);
    }
  }
  return out;
}

function score(query: Set<string>, doc: Set<string>): number {
  if (query.size === 0 || doc.size === 0) return 0;
  let hit = 0;
  for (const f of query) if (doc.has(f)) hit++;
  // Dice coefficient, biased toward covering the query.
  return ((2 * hit) / (query.size + doc.size)) * 0.5 + (hit / query.size) * 0.5;
}

/**
 * The features of an entry's questions, computed once per entry object: a published config is parsed once per
 * isolate (see storage/live-site.ts), so its entries are the same objects turn after turn.
 */
const questionFeatures = new WeakMap<FaqEntry, Set<string>[]>();

function featuresOf(entry: FaqEntry): Set<string>[] {
  let known = questionFeatures.get(entry);
  if (!known) {
    known = entry.questions.map(features);
    questionFeatures.set(entry, known);
  }
  return known;
}

/** Best FAQ entry for a message, or null below the confidence floor. */
export function bestFaqMatch(faq: FaqEntry[], text: string): { entry: FaqEntry; score: number } | null {
  const q = features(text);
  let best: { entry: FaqEntry; score: number } | null = null;
  for (const entry of faq) {
    for (const question of featuresOf(entry)) {
      const s = score(q, question);
      if (!best || s > best.score) best = { entry, score: s };
    }
  }
  return best && best.score >= MIN_SCORE ? best : null;
}

/** Split text into word-sized pieces (each CJK character is a piece), keeping whitespace attached. */
export function chunkWords(text: string): string[] {
  return text.match(/\p{Script=Han}|[^\s\p{Script=Han}]+\s*|\s+/gu) ?? [text];
}

function detectLocale(text: string, site: SiteConfig): string {
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (/\p{Script=Arabic}/u.test(text)) return 'ar';
  return /[a-z]/i.test(text) ? 'en' : site.locale;
}

/**
 * With sources, the FAQ entry among them (verbatim) else the best passage's most relevant sentences, citing it;
 * without, the best FAQ entry or plainly none.
 */
function answerFor(question: string, site: SiteConfig, sources: readonly GroundingSource[]): string {
  const entry = sources.find((s) => site.faq.some((f) => f.answer === s.text));
  if (entry) return `${entry.text} [${entry.n}]`;
  const best = sources[0];
  if (best) return `${extractAnswer(best.text, features(question), features)} [${best.n}]`;
  const match = bestFaqMatch(site.faq, question);
  if (match) return match.entry.answer;
  return NO_ANSWER[detectLocale(question, site)] ?? NO_ANSWER.en ?? '';
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The faq responder; `paceMs` spaces its chunks so a demo visibly streams (0 in tests and benchmarks). */
export const faqResponder = (paceMs = 0): Provider => ({
  id: 'faq',
  async *stream(req, ctx): AsyncIterable<ProviderChunk> {
    const question = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const answer = answerFor(question, ctx.site, ctx.knowledge ?? []);
    let out = 0;
    for (const piece of chunkWords(answer)) {
      if (ctx.signal.aborted) return;
      if (paceMs > 0 && out > 0) await sleep(paceMs);
      out++;
      yield { type: 'text', text: piece };
    }
    yield { type: 'usage', usage: { inputTokens: 0, outputTokens: out, cachedInputTokens: 0 } };
    yield { type: 'finish', reason: 'stop' };
  },
});
