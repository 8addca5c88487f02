/**
 * The turn pipeline: one visitor message in, a stream of protocol events out. It knows nothing of
 * Hono, sockets or SSE; transports number and serialise the events it yields (DESIGN decision 1).
 */
import type { TurnEvent } from '../../../shared/protocol';
import { cachedAnswer, cannedAnswer, upstreamAnswer } from './answer';
import { cacheStage } from './cache';
import { intentAction, intentActionAnswer } from './intent-action';
import { knowledgeStage, unansweredAnswer, withSources } from './knowledge';
import { prepareTurn } from './prepare';
import { TurnRecorder } from './recorder';
import { unrouted } from './route';
import type { TurnInput, TurnPorts } from './types';

export type { PreparedTurn } from './prepare';
export type { TurnRoute } from './route';
export type { TurnInput, TurnPorts } from './types';

/**
 * Run one turn; always ends with exactly one `done` or `error` event. The stages, in order: input guard
 * and PII mask → intent route on the masked text → prompt (canary, output guard) → the intent's action
 * (built-in responder only) → canned answer →
 * knowledge (numbered sources, or strict mode's plain "no answer") → cache hit or provider chain (retry,
 * breaker, fallback, output guard, citations, cache write). `meta` names the link that actually answered;
 * the recorder hands the turn's record to `onEnd`.
 */
export async function* runTurn(input: TurnInput, ports: TurnPorts): AsyncGenerator<TurnEvent> {
  const turn = new TurnRecorder(input, ports, unrouted(input, ports.providers));
  const ready = prepareTurn(input, ports, turn);
  if ('failure' in ready) {
    yield* turn.fail(ready.failure);
    return;
  }
  const { guarded, route, prompt } = ready;
  const acting = intentAction(input, ports, route, guarded.text);
  if (acting) {
    yield* intentActionAnswer(acting, input, ports, turn);
    return;
  }
  if (route.decision?.answer) {
    yield* cannedAnswer(route.decision.answer, turn, input.signal);
    return;
  }
  let knowledge: Awaited<ReturnType<typeof knowledgeStage>>;
  try {
    knowledge = await knowledgeStage(input, ports, guarded);
  } catch (err) {
    yield* turn.fail(err);
    return;
  }
  if (knowledge?.refuse) {
    yield* unansweredAnswer(input, guarded.text, turn);
    return;
  }
  turn.messages = withSources(turn.messages, knowledge);
  const sources = knowledge?.sources ?? [];
  const cache = await cacheStage(input, ports, route, turn.messages, knowledge);
  if (cache.hit) {
    yield* cachedAnswer(cache.hit, turn, sources);
    return;
  }
  yield* upstreamAnswer(input, ports, turn, guarded, prompt.output, cache, sources);
}
