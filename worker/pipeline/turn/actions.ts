/**
 * Function calling in a visitor's turn: the site's actions offered as tools, the model's streamed calls
 * gathered, run (identity from the verified owner only, status frame while each runs), their results
 * PII-masked and fed back as `tool` messages, and the model asked again: at most MAX_ACTION_ROUNDS rounds
 * of calls, all within the turn's one deadline. A call that fails or runs out of time ends the turn with a
 * polite answer of our own; a `confirm` action is not run but left pending and asked of the visitor.
 */
import type { SiteAction } from '../../../shared/actions';
import type { ActionIdentity } from '../../actions/call';
import { actionTools, identityOf, offeredActions } from '../../actions/offer';
import { CONFIRM_TTL_MS } from '../../actions/pending';
import { actionText, confirmSummary, statusText, toolContent } from '../../actions/text';
import type { GuardedInput } from '../../guards/stage';
import type { ProviderLink } from '../../providers/registry';
import type { ChatTurnMessage, ProviderTools, ProviderUsage, ToolCall } from '../../providers/types';
import type { GatewayEvent } from '../gateway/chain';
import type { GatewayPorts } from '../gateway/runtime';
import { auditedCall } from './action-call';
import { masker } from './tools';
import type { TurnInput, TurnPorts } from './types';

/** Rounds of calls a turn may make before the model must answer without tools. */
export const MAX_ACTION_ROUNDS = 3;
/** Time kept back from an action call for the model's answer after it. */
const ANSWER_RESERVE_MS = 1_000;

/** What a round yields beyond the chain's events: progress and a question for the visitor. */
export type ActionEvent =
  | GatewayEvent
  | { type: 'status'; text: string; action: string }
  | { type: 'confirm'; callId: string; action: string; summary: string; expiresAt: number };

export interface ActionSetup {
  actions: Map<string, SiteAction>;
  tools: ProviderTools;
  identity: ActionIdentity;
  ports: NonNullable<TurnPorts['actions']>;
}

/**
 * The turn's actions, or null when it offers none: not a visitor's conversation, an API caller's own tools,
 * no actions, or no link of the tier that can call tools (the built-in responder acts through intents).
 */
export function actionSetup(input: TurnInput, ports: TurnPorts, links: readonly ProviderLink[]): ActionSetup | null {
  if (input.tools || input.owner === undefined || !ports.actions || !input.site.actions?.length) return null;
  if (!links.some((link) => link.provider.supportsTools)) return null;
  const identity = identityOf(input.owner);
  const actions = offeredActions(input.site, identity);
  if (actions.size === 0) return null;
  return { actions, tools: actionTools(actions), identity, ports: ports.actions };
}

/** The model's calls of one round, assembled from their streamed fragments. */
function assemble(fragments: Map<number, ToolCall>, ev: Extract<GatewayEvent, { type: 'tool_call' }>): void {
  const c = ev.call;
  const call = fragments.get(c.index) ?? { id: '', type: 'function' as const, function: { name: '', arguments: '' } };
  if (c.id) call.id = c.id;
  if (c.name) call.function.name += c.name;
  call.function.arguments += c.arguments;
  fragments.set(c.index, call);
}

function parseArgs(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function addUsage(total: ProviderUsage | null, u: ProviderUsage): ProviderUsage {
  if (!total) return { ...u };
  return {
    inputTokens: total.inputTokens + u.inputTokens,
    outputTokens: total.outputTokens + u.outputTokens,
    cachedInputTokens: total.cachedInputTokens + u.cachedInputTokens,
  };
}

/**
 * The rounds of one turn. `round` runs the provider chain over a window with tools (or none, for the
 * last answer) under a gateway whose total time is what is left of the turn's deadline. `messages` is
 * the turn's window; calls and results are appended to it (so usage estimates see them).
 */
export async function* actionRounds(
  setup: ActionSetup,
  input: TurnInput,
  guarded: GuardedInput,
  messages: ChatTurnMessage[],
  gateway: GatewayPorts,
  round: (messages: ChatTurnMessage[], tools: ProviderTools | undefined, gateway: GatewayPorts) => AsyncIterable<GatewayEvent>,
): AsyncGenerator<ActionEvent> {
  const deadline = gateway.now() + gateway.policy.totalMs;
  const mask = masker(guarded);
  const polite = (): ActionEvent[] => [
    { type: 'text', text: actionText(input.locale ?? input.site.locale, 'failed') },
    { type: 'finish', reason: 'stop' },
  ];
  let usage: ProviderUsage | null = null;
  let started = false;
  for (let n = 0; ; n++) {
    const left = deadline - gateway.now();
    if (left <= 0) {
      yield* polite();
      return;
    }
    const fragments = new Map<number, ToolCall>();
    let text = '';
    const bounded = { ...gateway, policy: { ...gateway.policy, totalMs: left } };
    for await (const ev of round(messages, n < MAX_ACTION_ROUNDS ? setup.tools : undefined, bounded)) {
      if (ev.type === 'tool_call') assemble(fragments, ev);
      else if (ev.type === 'usage') {
        usage = addUsage(usage, ev.usage);
        yield { type: 'usage', usage };
      } else if (ev.type === 'start') {
        if (!started) yield ev;
        started = true;
      } else {
        if (ev.type === 'text') text += ev.text;
        yield ev;
      }
    }
    const calls = [...fragments.values()].filter((c) => c.function.name);
    if (calls.length === 0 || input.signal.aborted) return;
    // Past the last round the model was offered no tools; a call it makes anyway is not run.
    if (n >= MAX_ACTION_ROUNDS) {
      if (!text) yield* polite();
      return;
    }
    messages.push({ role: 'assistant', content: text, toolCalls: calls });
    for (const call of calls) {
      const action = setup.actions.get(call.function.name);
      const args = parseArgs(call.function.arguments);
      if (!action) {
        messages.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify({ error: 'unknown_action' }) });
        continue;
      }
      if (action.confirm && !setup.ports.pending) {
        // Nowhere to keep the call until the visitor answers (not a conversation's turn): it is not run.
        yield* polite();
        return;
      }
      if (action.confirm) {
        const callId = crypto.randomUUID();
        const expiresAt = gateway.now() + CONFIRM_TTL_MS;
        setup.ports.pending?.save({ callId, messageId: input.message.id, action: action.name, args, expiresAt });
        yield { type: 'confirm', callId, action: action.name, summary: confirmSummary(action, args), expiresAt };
        yield { type: 'finish', reason: 'stop' };
        return;
      }
      yield { type: 'status', text: statusText(action, input.locale ?? input.site.locale), action: action.name };
      const result = await auditedCall(
        setup.ports,
        input,
        { action, args, identity: setup.identity },
        { now: gateway.now, budgetMs: deadline - gateway.now() - ANSWER_RESERVE_MS },
      );
      if (input.signal.aborted) return;
      if (!result?.ok) {
        yield* polite();
        return;
      }
      // The model sees the result masked; the visitor's own values come back only through their vault.
      messages.push({ role: 'tool', toolCallId: call.id, content: mask(toolContent(result)) });
    }
  }
}
