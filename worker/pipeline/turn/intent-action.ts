/**
 * The built-in responder acts too: when no link of the tier can call tools and the routed intent names an
 * action whose required arguments its patterns captured (an order number), the action is called and the
 * reply is the intent's `actionAnswer` template filled from the result (or the endpoint's own message).
 * A model, when there is one, calls actions itself (actions.ts).
 */
import type { SiteAction } from '../../../shared/actions';
import type { TurnEvent } from '../../../shared/protocol';
import type { ActionIdentity } from '../../actions/call';
import { hasRequired, patternArguments } from '../../actions/extract';
import { identityOf, offeredActions } from '../../actions/offer';
import { actionText, langOf, replyFromResult, statusText } from '../../actions/text';
import { cannedChunks } from '../router/canned';
import { auditedCall } from './action-call';
import type { TurnRecorder } from './recorder';
import type { TurnRoute } from './route';
import type { ActionPorts, TurnInput, TurnPorts } from './types';

export interface IntentAction {
  action: SiteAction;
  args: Record<string, string>;
  identity: ActionIdentity;
  template: string | undefined;
  ports: ActionPorts;
}

/** The routed intent's action for the built-in responder, or null when the turn does not call one. */
export function intentAction(input: TurnInput, ports: TurnPorts, route: TurnRoute, maskedText: string): IntentAction | null {
  if (!ports.actions || input.owner === undefined || route.links.some((link) => link.provider.supportsTools)) return null;
  const intent = input.site.intents.find((i) => i.id === route.decision?.intent);
  if (!intent?.action) return null;
  const identity = identityOf(input.owner);
  const action = offeredActions(input.site, identity).get(intent.action);
  // A side effect needs the visitor's yes, which only the model's turn asks for.
  if (!action || action.confirm) return null;
  const args = patternArguments(intent.patterns, maskedText);
  if (!hasRequired(action, args)) return null;
  const lang = langOf(input.locale ?? input.site.locale);
  return { action, args, identity, template: intent.actionAnswer?.[lang] ?? intent.actionAnswer?.en, ports: ports.actions };
}

/** Call the action and stream the templated reply; a failed call is a polite answer. */
export async function* intentActionAnswer(
  plan: IntentAction,
  input: TurnInput,
  ports: TurnPorts,
  turn: TurnRecorder,
): AsyncGenerator<TurnEvent> {
  const { action } = plan;
  const locale = input.locale ?? input.site.locale;
  // Never cached (the answer is this visitor's data); saying so at once lets an SSE response start streaming.
  ports.onCacheDecision?.('bypass');
  yield turn.meta('faq', 'action');
  // A transport that waited for that decision subscribes in the tasks already queued: let them run, so
  // the live-only status line reaches it.
  await new Promise((resolve) => setTimeout(resolve, 0));
  yield { type: 'status', messageId: turn.messageId, text: statusText(action, locale), action: action.name };
  const result = await auditedCall(plan.ports, input, plan, { now: ports.now });
  const text = result?.ok ? replyFromResult(result, locale, plan.template) : actionText(locale, 'failed');
  for (const chunk of cannedChunks(text)) {
    if (input.signal.aborted) break;
    yield turn.delta(chunk);
  }
  const end = input.signal.aborted ? 'stopped' : 'stop';
  turn.usage = { ...turn.usage, estimated: false };
  turn.record({ status: 'done', finish: end, errorCode: null, provider: 'faq', model: 'action' });
  yield { type: 'done', messageId: turn.messageId, finish: end, usage: turn.usage };
}
