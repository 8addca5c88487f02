/**
 * The turn pipeline: one visitor message in, a stream of protocol events out. It knows nothing of
 * Hono, sockets or SSE; transports number and serialise the events it yields (DESIGN decision 1).
 */
import type { TurnEvent } from '../../../shared/protocol';
import { armGuards, type GuardedInput } from '../../guards/stage';
import { cachedAnswer, cannedAnswer, upstreamAnswer } from './answer';
import { cacheStage } from './cache';
import { guardStage } from './guard';
import { TurnRecorder } from './recorder';
import { routeStage, type TurnRoute, unrouted } from './route';
import type { TurnInput, TurnPorts } from './types';

export type { TurnRoute } from './route';
export type { TurnInput, TurnPorts } from './types';

/**
 * Run one turn; always ends with exactly one `done` or `error` event. The stages, in order: input guard
 * and PII mask → intent route on the masked text → prompt (canary, output guard) → canned answer, cache
 * hit or provider chain (retry, breaker, fallback, output guard, cache write). `meta` names the link
 * that actually answered; the recorder hands the turn's record to `onEnd`.
 */
export async function* runTurn(input: TurnInput, ports: TurnPorts): AsyncGenerator<TurnEvent> {
  const turn = new TurnRecorder(input, ports, unrouted(input, ports.providers));
  let guarded: GuardedInput;
  let route: TurnRoute;
  let prompt: ReturnType<typeof armGuards>;
  try {
    guarded = guardStage(input, ports);
    turn.guardActions.push(...guarded.inputActions);
    route = routeStage(input, ports.providers, guarded.text);
    if (guarded.blocked) {
      // A refused message keeps the caller's tier; its meta still says how the (empty) text routed.
      turn.route = { ...turn.route, decision: route.decision };
      yield* turn.fail(guarded.blocked);
      return;
    }
    turn.route = route;
    // The intent's prompt joins the system prompt before the canary is placed, so the leak check covers it.
    prompt = armGuards(guarded, route.systemPrompt);
  } catch (err) {
    yield* turn.fail(err);
    return;
  }
  turn.messages = prompt.messages;
  if (route.decision?.answer) {
    yield* cannedAnswer(route.decision.answer, turn, input.signal);
    return;
  }
  const cache = await cacheStage(input, ports, route, prompt.messages);
  if (cache.hit) {
    yield* cachedAnswer(cache.hit, turn);
    return;
  }
  yield* upstreamAnswer(input, ports, turn, guarded, prompt.output, cache);
}
