/**
 * Walk a tier's chain of provider links: skip links whose breaker is open, retry retryable failures
 * with backoff inside one deadline, fall back to the next link — but only until the first chunk has
 * been handed on. After that a failure is thrown as retryable and nothing is retried, so the client
 * never sees a duplicated prefix or a silent truncation.
 */
import { ParleyError, toParleyError } from '../../errors';
import { ProviderError } from '../../providers/errors';
import type { ProviderLink } from '../../providers/registry';
import type { ProviderChunk, ProviderContext, ProviderRequest, ProviderUsage, ToolCallFragment } from '../../providers/types';
import { retryDecision } from './backoff';
import type { BreakerState, BreakerStatus } from './breaker';
import type { GatewayPorts } from './runtime';

/**
 * A chunk the chain hands on: visitor text, a function-call fragment (it counts as the first delta:
 * nothing is retried after it), usage, and a clean finish (any other end is an error here; a
 * `tool_calls` finish is a clean `stop` whose reply is the calls).
 */
export type GatewayChunk =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; call: ToolCallFragment }
  | { type: 'usage'; usage: ProviderUsage }
  | { type: 'finish'; reason: 'stop' | 'length' };

/** What the chain yields: `start` names the link that answers, just before its first chunk. */
export type GatewayEvent = { type: 'start'; link: ProviderLink; attempts: number } | GatewayChunk;

/** Filled while the chain runs, so a caller can name the last link tried when everything failed. */
export interface ChainState {
  link: ProviderLink | null;
  attempts: number;
  skipped: number;
  /** Breakers this run opened or closed (so the transport can report them beyond this isolate). */
  changes?: BreakerStatus[];
}

/** Statuses that are our request's fault, not the provider's health. */
const NOT_PROVIDER_FAULT = new Set([400, 413, 422]);

function countsAgainstBreaker(err: ParleyError): boolean {
  if (err.code === 'blocked_by_policy') return false; // the provider's content filter, working as meant
  return !(err instanceof ProviderError && NOT_PROVIDER_FAULT.has(err.upstreamStatus));
}

/**
 * What of a provider chunk goes on to the turn: null for reasoning (progress, not text). A stream
 * that ends filtered or failed is thrown as an error, so it is never a clean `stop` (and never
 * cached): before any text it is retried or falls back like any failure; after, the turn ends with
 * an explicit error. The content filter is not retryable (the same question gets the same verdict).
 */
function handOn(chunk: ProviderChunk): GatewayChunk | null {
  if (chunk.type === 'reasoning') return null;
  if (chunk.type !== 'finish') return chunk;
  if (chunk.reason === 'filtered')
    throw new ProviderError('blocked_by_policy', "The model provider's content filter stopped the answer.", { retryable: false });
  if (chunk.reason === 'error')
    throw new ProviderError('upstream_unavailable', 'The model provider could not finish the answer.', { retryable: true });
  return { type: 'finish', reason: chunk.reason === 'tool_calls' ? 'stop' : chunk.reason };
}

const timeoutError = (what: 'first_token' | 'total') =>
  new ProviderError(
    'timeout',
    what === 'first_token' ? 'The model provider sent no answer in time.' : 'The model provider took too long to answer.',
    { retryable: true },
  );

/** Keep a breaker's status when a verdict moved it to open or to closed. */
function noteChange(state: ChainState, now: BreakerStatus, was: BreakerState): void {
  if (now.state === was || now.state === 'half_open') return;
  if (state.changes) state.changes.push(now);
  else state.changes = [now];
}

/** Run a request down `links`; yields `start` then the answering link's chunks. Throws ParleyError on failure. */
export async function* runChain(
  links: readonly ProviderLink[],
  build: (link: ProviderLink) => ProviderRequest,
  ctx: Omit<ProviderContext, 'signal' | 'fetch'>,
  signal: AbortSignal,
  ports: GatewayPorts,
  state: ChainState = { link: null, attempts: 0, skipped: 0 },
): AsyncGenerator<GatewayEvent> {
  const { policy } = ports;
  const started = ports.now();
  const totalDeadline = started + policy.totalMs;
  let lastError: ParleyError | null = null;
  let soonestRetry = Number.POSITIVE_INFINITY;

  for (const link of links) {
    const breaker = ports.breakers.get(link.provider.key ?? link.provider.id, link.provider.id, link.model);
    const req = build(link);
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) return;
      if (ports.now() >= totalDeadline) throw lastError ?? timeoutError('total');
      if (!breaker.allow()) {
        state.skipped++;
        const st = breaker.status('');
        if (st.retryAt !== null) soonestRetry = Math.min(soonestRetry, st.retryAt);
        break;
      }
      state.link = link;
      state.attempts++;
      const attemptCtl = new AbortController();
      let timedOut = null as 'first_token' | 'total' | null;
      const onAbort = () => attemptCtl.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      const now = ports.now();
      const firstTokenIn = Math.min(policy.firstTokenMs, totalDeadline - now);
      let timer = setTimeout(() => {
        timedOut = policy.firstTokenMs <= totalDeadline - now ? 'first_token' : 'total';
        attemptCtl.abort();
      }, firstTokenIn);
      // `progressed`: the provider sent anything (reasoning included), so the first-token deadline is met;
      // `begun`: a chunk went on to the turn, so this attempt may no longer be retried.
      let progressed = false;
      let begun = false;
      let completed = false;
      let judged = false;
      try {
        const chunks = link.provider.stream(req, { ...ctx, fetch: ports.fetch, signal: attemptCtl.signal });
        for await (const chunk of chunks) {
          if (!progressed) {
            progressed = true;
            clearTimeout(timer);
            timer = setTimeout(
              () => {
                timedOut = 'total';
                attemptCtl.abort();
              },
              Math.max(0, totalDeadline - ports.now()),
            );
          }
          const out = handOn(chunk);
          if (!out) continue;
          if (!begun) {
            begun = true;
            yield { type: 'start', link, attempts: state.attempts };
          }
          yield out;
        }
        if (signal.aborted) return;
        if (timedOut) throw timeoutError(timedOut);
        completed = true;
        judged = true;
        const was = breaker.status('').state;
        breaker.onSuccess();
        noteChange(state, breaker.status(''), was);
        if (!begun) yield { type: 'start', link, attempts: state.attempts };
        return;
      } catch (err) {
        if (signal.aborted) return;
        const e = timedOut ? timeoutError(timedOut) : toParleyError(err);
        judged = true;
        const was = breaker.status('').state;
        if (countsAgainstBreaker(e)) breaker.onFailure();
        else breaker.onSuccess();
        noteChange(state, breaker.status(''), was);
        // Once a chunk has gone out, never retry or fall back: the client would see a duplicated prefix.
        if (begun) throw new ParleyError(e.code, e.message, { retryable: true, cause: e });
        lastError = e;
        const decision = retryDecision(e, attempt, policy.retry, totalDeadline - ports.now(), ports.random);
        if (!decision.retry) break;
        await ports.sleep(decision.delayMs, signal);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        // A finished attempt has nothing left to cancel; anything else (error, consumer gone) must stop its fetch.
        if (!completed) attemptCtl.abort();
        if (!judged) breaker.release();
      }
    }
  }
  if (lastError) throw lastError;
  const retryAfter = Number.isFinite(soonestRetry) ? Math.max(0, Math.ceil((soonestRetry - ports.now()) / 1000)) : undefined;
  throw new ParleyError('upstream_unavailable', 'Every model provider for this tier is unavailable right now.', {
    retryable: true,
    retryAfter,
  });
}
