/** Stage 4: the three ways a turn answers: the intent's canned text, a cached reply, or the provider chain. */
import type { TurnEvent } from '../../../shared/protocol';
import { guardBlocked, guardsAllowCache, type OutputGuard } from '../../guards';
import type { GuardedInput } from '../../guards/stage';
import type { ProviderLink } from '../../providers/registry';
import type { SamplingParams } from '../../providers/types';
import { CACHED_USAGE, type CacheSession, replayCached } from '../cache';
import type { CachedReply } from '../cache/entry';
import { runChain } from '../gateway/chain';
import { isolateGateway } from '../gateway/runtime';
import { linkRequest } from '../gateway/tools';
import { cannedChunks } from '../router/canned';
import { actionRounds, actionSetup } from './actions';
import { citationStream, citedIn, citedSources } from './citations';
import type { TurnSource } from './knowledge';
import type { TurnRecorder } from './recorder';
import type { TurnInput, TurnPorts } from './types';

/** A canned answer streams without asking any model (zero tokens, exactly). */
export function* cannedAnswer(answer: string, turn: TurnRecorder, signal: AbortSignal): Generator<TurnEvent> {
  yield turn.meta('faq', 'canned');
  for (const text of cannedChunks(answer)) {
    if (signal.aborted) break;
    yield turn.delta(text);
  }
  const end = signal.aborted ? 'stopped' : 'stop';
  turn.usage = { ...turn.usage, estimated: false };
  turn.record({ status: 'done', finish: end, errorCode: null, provider: 'faq', model: 'canned' });
  yield { type: 'done', messageId: turn.messageId, finish: end, usage: turn.usage };
}

/** A cache hit replays as a stream with `cached: true`, under the link that first answered it. */
export function* cachedAnswer(hit: CachedReply, turn: TurnRecorder, sources: readonly TurnSource[] = []): Generator<TurnEvent> {
  for (const ev of replayCached(hit, turn.messageId)) {
    if (ev.type === 'meta') {
      yield turn.meta(hit.provider, hit.model, true);
      continue;
    }
    if (ev.type === 'delta') turn.markFirstDelta();
    if (ev.type === 'done') {
      turn.usage = ev.usage;
      turn.record({ status: 'done', finish: 'stop', errorCode: null, cached: true, provider: hit.provider, model: hit.model });
      // The key covers the retrieved passages, so the cached text's markers name these same sources.
      const cited = citedSources(citedIn(hit.text, sources.length), sources);
      if (cited) {
        yield { ...ev, sources: cited };
        continue;
      }
    }
    yield ev;
  }
}

/**
 * The tier's provider chain (retry, breaker, fallback), every delta through the output guard; once `done`
 * is out, the cache keeps the reply if it is complete and untouched. Failures end in one `error` event.
 */
export async function* upstreamAnswer(
  input: TurnInput,
  ports: TurnPorts,
  turn: TurnRecorder,
  guarded: GuardedInput,
  output: OutputGuard,
  cache: CacheSession,
  sources: readonly TurnSource[] = [],
): AsyncGenerator<TurnEvent> {
  const { site, signal } = input;
  const params = input.params ?? {};
  const syncOutActions = () => {
    for (const a of output.state.actions) if (!turn.guardActions.includes(a)) turn.guardActions.push(a);
  };
  let finish: 'stop' | 'length' = 'stop';
  const citations = citationStream(sources.length);
  let calledTools = false;
  const base = ports.gateway ?? isolateGateway;
  const gateway = base.fetch === ports.fetch ? base : { ...base, fetch: ports.fetch };
  const acting = actionSetup(input, ports, turn.route.links);
  try {
    // With actions the reply depends on the visitor and their systems: never shared or cached. Otherwise
    // identical cacheable requests in flight share one upstream call (cache coalescing).
    const events = acting
      ? actionRounds(acting, input, guarded, turn.messages, gateway, (messages, tools, bounded) =>
          runChain(
            turn.route.links,
            (link) => linkRequest(link, messages, mergeParams(link, params), tools),
            { site, knowledge: sources },
            signal,
            bounded,
            turn.chain,
          ),
        )
      : cache.upstream(
          (upstreamSignal) =>
            runChain(
              turn.route.links,
              (link) => linkRequest(link, turn.messages, mergeParams(link, params), input.tools),
              { site, knowledge: sources },
              upstreamSignal,
              gateway,
              turn.chain,
            ),
          signal,
        );
    if (acting) calledTools = true;
    for await (const ev of events) {
      if (ev.type === 'text') {
        const step = output.push(ev.text);
        syncOutActions();
        const text = step.text ? citations.push(step.text) : '';
        if (text) yield turn.delta(text);
        if (step.blocked) throw guardBlocked(step.blocked);
      } else if (ev.type === 'tool_call') {
        // Calls go to the trusted server caller, not a visitor: no output guard on their arguments.
        calledTools = true;
        turn.markFirstDelta();
        yield { type: 'tool_call', messageId: turn.messageId, ...ev.call };
      } else if (ev.type === 'status' || ev.type === 'confirm') {
        turn.markFirstDelta();
        yield { ...ev, messageId: turn.messageId };
      } else if (ev.type === 'start') {
        yield turn.meta(ev.link.provider.id, ev.link.model);
      } else if (ev.type === 'usage') {
        turn.reported = ev.usage;
      } else {
        finish = ev.reason;
      }
    }
    const tail = output.end();
    syncOutActions();
    if (tail.blocked) throw guardBlocked(tail.blocked);
    const rest = citations.push(tail.text) + citations.end();
    if (rest) yield turn.delta(rest);
    const cited = citedSources(citations.cited, sources);
    const answered = turn.answered;
    yield* turn.metaOnce();
    turn.usage = cache.coalesced ? CACHED_USAGE : turn.estimatedUsage();
    const end = signal.aborted ? 'stopped' : finish;
    turn.record({ status: 'done', finish: end, errorCode: null });
    try {
      yield { type: 'done', messageId: turn.messageId, finish: end, usage: turn.usage, ...(cited ? { sources: cited } : {}) };
    } finally {
      cache.complete({
        status: 'done',
        finish: end,
        text: turn.sentText,
        tainted: !guardsAllowCache(guarded.inputActions, output),
        toolCalls: calledTools,
        provider: answered?.provider.id ?? 'none',
        model: answered?.model ?? 'none',
        usage: turn.usage,
      });
    }
  } catch (err) {
    yield* turn.fail(err);
  }
}

/** The link's sampling parameters under the caller's overrides, `maxTokens` never above the link's. */
function mergeParams(link: ProviderLink, extra: SamplingParams | undefined): SamplingParams {
  const base = link.params ?? {};
  if (!extra) return base;
  const merged: SamplingParams = { ...base, ...extra };
  if (base.maxTokens !== undefined) merged.maxTokens = Math.min(extra.maxTokens ?? base.maxTokens, base.maxTokens);
  return merged;
}
