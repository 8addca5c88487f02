/**
 * One call of a site action from a turn, audited: the model's tool call and an intent's direct call both
 * come through here, so every call is recorded the same way (name, status, latency; never payloads).
 */
import type { SiteAction } from '../../../shared/actions';
import { type ActionCallResult, type ActionIdentity, callAction } from '../../actions/call';
import type { ActionPorts, TurnInput } from './types';

/**
 * Call `action` within `budgetMs` (its own timeout when that is shorter). With no time left the endpoint is not
 * called at all: recorded as a timeout, and null.
 */
export async function auditedCall(
  ports: ActionPorts,
  input: Pick<TurnInput, 'site' | 'conversationId' | 'signal'>,
  call: { action: SiteAction; args: Record<string, unknown>; identity: ActionIdentity },
  clock: { now: () => number; budgetMs?: number },
): Promise<ActionCallResult | null> {
  const { action } = call;
  const budget = clock.budgetMs ?? action.timeoutMs;
  const result =
    budget <= 0
      ? null
      : await callAction({ ...action, timeoutMs: Math.min(action.timeoutMs, budget) }, call.args, call.identity, {
          env: ports.env,
          ...(ports.fetch ? { fetch: ports.fetch } : {}),
          now: clock.now,
          signal: input.signal,
        });
  ports.onCall?.({
    siteKey: input.site.key,
    conversationId: input.conversationId,
    action: action.name,
    status: result?.status ?? null,
    latencyMs: result?.latencyMs ?? 0,
    error: result ? (result.error?.code ?? null) : 'timeout',
  });
  return result;
}
