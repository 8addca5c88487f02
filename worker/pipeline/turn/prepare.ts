/** Stages 1–3 as one step that cannot yield: guard and mask, route the masked text, arm the guards over the routed prompt. */
import { armGuards, type GuardedInput } from '../../guards/stage';
import { guardStage } from './guard';
import type { TurnRecorder } from './recorder';
import { routeStage, type TurnRoute } from './route';
import { withToolTraffic } from './tools';
import type { TurnInput, TurnPorts } from './types';

/** A turn ready to answer: its guarded input, its route and the provider's messages with their output guard. */
export interface PreparedTurn {
  guarded: GuardedInput;
  route: TurnRoute;
  prompt: ReturnType<typeof armGuards>;
}

/** Prepare the turn, telling the recorder what was decided; `failure` when the input is refused or a stage threw. */
export function prepareTurn(input: TurnInput, ports: TurnPorts, turn: TurnRecorder): PreparedTurn | { failure: unknown } {
  try {
    const guarded = guardStage(input, ports);
    turn.guardActions.push(...guarded.inputActions);
    const route = routeStage(input, ports.providers, guarded.text);
    if (guarded.blocked) {
      // A refused message keeps the caller's tier; its meta still says how the (empty) text routed.
      turn.route = { ...turn.route, decision: route.decision };
      return { failure: guarded.blocked };
    }
    turn.route = route;
    // The intent's prompt joins the system prompt before the canary is placed, so the leak check covers it.
    const prompt = armGuards(guarded, route.systemPrompt);
    turn.messages = input.tools ? withToolTraffic(prompt.messages, input.tools.after, guarded) : prompt.messages;
    return { guarded, route, prompt };
  } catch (err) {
    return { failure: err };
  }
}
