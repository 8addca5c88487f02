/**
 * Stage 3a: the site's knowledge. The masked question (and, when it alone finds nothing, the visitor's previous
 * message with it) retrieves passages through the `knowledge` port; the FAQ entry it matches joins them as one
 * more source. The model gets them as numbered sources to answer from and cite as `[n]`. In strict mode a site
 * with knowledge that has no passage above the relevance floor (and no FAQ match) answers without any model.
 */
import type { RetrievalResult } from '../../../shared/knowledge';
import type { TurnEvent } from '../../../shared/protocol';
import { answerable, DEFAULT_FLOOR } from '../../knowledge/score';
import { bestFaqMatch } from '../../providers/faq';
import type { ChatTurnMessage, GroundingSource } from '../../providers/types';
import { cannedChunks } from '../router/canned';
import type { TurnRecorder } from './recorder';
import type { TurnInput, TurnPorts } from './types';
import { NO_KNOWLEDGE, visitorLocale } from './voice';

/** The FAQ match a source needs: above the built-in responder's own floor, so one shared common word is not support. */
export const FAQ_SOURCE_FLOOR = 0.3;

/** Passages handed to the model at most. */
export const MAX_SOURCES = 4;

/** A numbered source and what identifies its text (document and passage, or FAQ entry), for the cache key. */
export interface TurnSource extends GroundingSource {
  ref: string;
}

/** What the knowledge stage decided: the sources, the version they were read at, and whether to refuse. */
export interface TurnKnowledge {
  version: number;
  sources: TurnSource[];
  /** The site's strictness is `strict`. */
  strict: boolean;
  /** Strict mode and nothing supports the question: do not call a model. */
  refuse: boolean;
}

const better = (x: RetrievalResult, y: RetrievalResult) => (y.best > x.best ? y : x);

/** Retrieve and number the turn's sources; null when the turn has no knowledge port. */
export async function knowledgeStage(
  input: TurnInput,
  ports: TurnPorts,
  masked: { text: string; history: ChatTurnMessage[] },
): Promise<TurnKnowledge | null> {
  if (!ports.knowledge) return null;
  const floor = DEFAULT_FLOOR;
  let result = await ports.knowledge.retrieve(input.site.key, masked.text, { k: MAX_SOURCES });
  const previous = [...masked.history].reverse().find((m) => m.role === 'user')?.content;
  // Version 0: the site has never indexed knowledge, so no query can find a passage (one D1 round trip saved).
  if (!answerable(result, floor) && previous && result.version > 0) {
    result = better(result, await ports.knowledge.retrieve(input.site.key, `${previous}\n${masked.text}`, { k: MAX_SOURCES }));
  }
  const sources: TurnSource[] = result.passages
    .filter((p) => p.score >= floor)
    .map((p) => {
      const source: TurnSource = { n: 0, title: p.title, text: p.text, ref: `${p.docId}\n${p.heading}\n${p.text}` };
      if (p.url) source.url = p.url;
      return source;
    });
  const faq = bestFaqMatch(input.site.faq, masked.text);
  if (faq && faq.score >= FAQ_SOURCE_FLOOR)
    sources.push({ n: 0, title: faq.entry.questions[0] ?? faq.entry.id, text: faq.entry.answer, ref: `faq:${faq.entry.id}` });
  sources.forEach((s, i) => {
    s.n = i + 1;
  });
  const strict = (input.site.assistant?.strictness ?? 'strict') === 'strict';
  return { version: result.version, sources, strict, refuse: strict && result.version > 0 && sources.length === 0 };
}

/** The sources as a message after the system prompt (apart from it, so quoting a source is not a prompt leak). */
export function sourcesMessage(knowledge: TurnKnowledge): ChatTurnMessage {
  const rule = knowledge.strict
    ? 'Answer only from the numbered sources below and cite each one you use as [n]. If they do not contain the answer, say so and offer a person; never invent policies, prices or other facts.'
    : 'Prefer the numbered sources below and cite each one you use as [n]. If they do not cover the question, say so before answering generally; never invent policies, prices or other facts about the site.';
  const body = knowledge.sources.map((s) => `[${s.n}] ${s.title}${s.url ? ` (${s.url})` : ''}\n${s.text}`).join('\n\n');
  return { role: 'system', content: `${rule}\n\nSources:\n${body}` };
}

/** The provider's messages with the sources placed right after the system prompt. */
export function withSources(messages: ChatTurnMessage[], knowledge: TurnKnowledge | null): ChatTurnMessage[] {
  if (!knowledge || knowledge.sources.length === 0) return messages;
  return [...messages.slice(0, 1), sourcesMessage(knowledge), ...messages.slice(1)];
}

/** Strict mode's answer when the knowledge has none: said plainly in the visitor's language, a person offered, recorded as unanswered. */
export function* unansweredAnswer(input: TurnInput, maskedQuestion: string, turn: TurnRecorder): Generator<TurnEvent> {
  yield turn.meta('knowledge', 'unanswered');
  for (const text of cannedChunks(NO_KNOWLEDGE[visitorLocale(maskedQuestion, input.site)])) {
    if (input.signal.aborted) break;
    yield turn.delta(text);
  }
  const end = input.signal.aborted ? 'stopped' : 'stop';
  turn.usage = { ...turn.usage, estimated: false };
  turn.record({
    status: 'done',
    finish: end,
    errorCode: null,
    provider: 'knowledge',
    model: 'unanswered',
    unanswered: { question: maskedQuestion },
  });
  yield { type: 'done', messageId: turn.messageId, finish: end, usage: turn.usage };
}
