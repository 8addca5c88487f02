/**
 * Extractive answers: the sentences of a passage that hold the most of the question's words, in the passage's
 * own order, so the built-in responder quotes the site rather than composing anything.
 */

/** Sentences of a passage (Latin and CJK sentence ends, line breaks). */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?。！？\n]+(?:[.!?。！？]+|$)/gu) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Word and bigram features as the FAQ matcher makes them, passed in so both read a question alike. */
export type Features = (text: string) => Set<string>;

/**
 * The passage's `max` sentences sharing the most features with the question (ties: earlier first), in order;
 * its first sentence when none shares any.
 * @example extractAnswer('We ship daily. Tea costs $19.', features('what does tea cost'), features) // 'Tea costs $19.'
 */
export function extractAnswer(text: string, question: Set<string>, features: Features, max = 2): string {
  const all = sentences(text);
  const scored = all.map((sentence, i) => {
    const held = features(sentence);
    let hits = 0;
    for (const f of question) if (held.has(f)) hits++;
    return { i, sentence, hits };
  });
  const best = scored
    .filter((s) => s.hits > 0)
    .sort((x, y) => y.hits - x.hits || x.i - y.i)
    .slice(0, max)
    .sort((x, y) => x.i - y.i);
  if (best.length === 0) return all[0] ?? text;
  return best.map((s) => s.sentence).join(' ');
}
