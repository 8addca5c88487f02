/**
 * `POST /v1/chat/completions`: the OpenAI-compatible surface over the same turn pipeline (tiers,
 * gateway, guards, cache), for back ends and SDKs. Authenticated by a per-site server API key.
 * A failure before the first delta is an HTTP error; after it, an `error` event in the stream.
 * The caller's `system` and `developer` messages pass the input guard here (the pipeline guards the
 * user's message and masks the rest of the history): an injection blocks the request, PII is masked.
 */
import { Hono } from 'hono';
import type { GuardPolicy } from '../../shared/guard-policy';
import { OpenAiChatRequest, type OpenAiMessage, TIER_MODELS } from '../../shared/openai';
import { MAX_MESSAGE_CHARS, type TurnEvent } from '../../shared/protocol';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { DEFAULT_GUARDS } from '../guards/default-policy';
import { guardInput } from '../guards/input';
import { emptyVault, type PiiVault } from '../guards/mask';
import { defaultScanners } from '../guards/scanners';
import { guardBlocked } from '../guards/stage';
import { bearerToken } from '../http/bearer';
import { readJsonBody } from '../http/body';
import { parseInput } from '../http/validation';
import type { CacheStatus } from '../pipeline/cache';
import { runTurn } from '../pipeline/turn';
import { turnPortsFor } from '../pipeline/turn/ports';
import type { ChatTurnMessage, SamplingParams } from '../providers/types';
import { admitTokens } from '../quota';
import { siteForApiKey } from '../storage/api-keys';
import { splitRequest, ToolCallCollector, textOf, toolCallDelta, turnMessage } from './openai-tools';
import { resolveSite } from './site-auth';

export const openAiRoutes = new Hono<AppEnv>();

const FINISH: Record<string, string> = { stop: 'stop', length: 'length', stopped: 'stop', filtered: 'content_filter' };
const enc = new TextEncoder();

/**
 * The history for the turn: `system` and `developer` messages through the input guard (with the turn's
 * vault, so placeholders stay distinct from the user's); throws `blocked_by_policy` when one is refused.
 */
function guardedHistory(messages: OpenAiMessage[], policy: GuardPolicy | undefined, vault: PiiVault): ChatTurnMessage[] {
  let scanners: ReturnType<typeof defaultScanners> | undefined;
  return messages.map((m) => {
    if (m.role !== 'system' && m.role !== 'developer') return turnMessage(m);
    const content = textOf(m);
    const active = policy ?? DEFAULT_GUARDS;
    scanners ??= defaultScanners(active);
    const guarded = guardInput(content, active, vault, scanners, Date.now);
    if (guarded.blocked) throw guardBlocked(guarded.blocked);
    return { role: 'system', content: guarded.text };
  });
}

function openAiUsage(u: Extract<TurnEvent, { type: 'done' }>['usage']) {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens },
    cost_usd: u.costUsd,
    estimated: u.estimated,
  };
}

openAiRoutes.post('/chat/completions', async (c) => {
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new ParleyError('unauthorized', 'A server API key is required (Authorization: Bearer …).');
  const siteKey = await siteForApiKey(c.env.DB, token, Date.now());
  if (!siteKey) throw new ParleyError('unauthorized', 'That API key is not valid.');
  const site = await resolveSite(c.env, siteKey, undefined);

  const req = parseInput(OpenAiChatRequest, await readJsonBody(c.req.raw, 256 * 1024));
  const tier = TIER_MODELS[req.model] ?? (req.model === 'fast' || req.model === 'default' || req.model === 'premium' ? req.model : null);
  if (!tier) throw new ParleyError('bad_request', 'model must be parley-fast, parley-default or parley-premium.');
  const { last, before, tools } = splitRequest(req);
  const text = textOf(last).trim();
  if (!text) throw new ParleyError('bad_request', 'The last message is empty.');
  const maxChars = Math.min(MAX_MESSAGE_CHARS, site.limits.maxMessageChars);
  if (text.length > maxChars) throw new ParleyError('too_large', `The last message is over ${maxChars} characters.`);
  await admitTokens(c.env, site, Date.now());
  const vault = emptyVault();
  const history = guardedHistory(before, site.guards, vault);
  const params: SamplingParams = {};
  if (req.temperature != null) params.temperature = req.temperature;
  if (req.top_p != null) params.topP = req.top_p;
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens != null) params.maxTokens = maxTokens;
  if (req.stop != null) params.stop = typeof req.stop === 'string' ? [req.stop] : req.stop;

  const id = `chatcmpl-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const abort = new AbortController();
  let cacheStatus = 'bypass' as CacheStatus;
  const events = runTurn(
    // A request with tools is never read from or written to the cache: its answer depends on the tools.
    {
      site,
      conversationId: id,
      message: { id: 'api', text },
      history,
      tier,
      params,
      signal: abort.signal,
      vault,
      ...(tools ? { tools, cacheMode: 'bypass' as const } : {}),
    },
    // The same reply cache as the chat routes (no client bypass here: API keys are not admins).
    turnPortsFor(c.env, c.executionCtx, {
      audit: { site, requestId: c.get('requestId'), visitorId: undefined },
      onCacheDecision: (s) => {
        cacheStatus = s;
      },
    }),
  );

  // Pull until the first delta or the end: a failure before any text is an HTTP error, not a stream.
  let model = req.model;
  let provider = 'none';
  const head: TurnEvent[] = [];
  while (true) {
    const step = await events.next();
    if (step.done) break;
    const ev = step.value;
    if (ev.type === 'meta') {
      model = ev.model;
      provider = ev.provider;
      continue;
    }
    if (ev.type === 'error') throw new ParleyError(ev.code, ev.message, { retryable: ev.retryable, retryAfter: ev.retryAfter });
    head.push(ev);
    if (ev.type === 'delta' || ev.type === 'tool_call' || ev.type === 'done') break;
  }
  const headers = { 'x-parley-provider': provider, 'x-parley-tier': tier, 'x-parley-cache': cacheStatus };

  if (!req.stream) {
    let content = '';
    const calls = new ToolCallCollector();
    let done: Extract<TurnEvent, { type: 'done' }> | null = null;
    const take = (ev: TurnEvent) => {
      if (ev.type === 'delta') content += ev.text;
      else if (ev.type === 'tool_call') calls.add(ev);
      else if (ev.type === 'done') done = ev;
      else if (ev.type === 'error') throw new ParleyError(ev.code, ev.message, { retryable: true, retryAfter: ev.retryAfter });
    };
    head.forEach(take);
    for await (const ev of events) take(ev);
    const end = done as Extract<TurnEvent, { type: 'done' }> | null;
    const toolCalls = calls.result();
    const message = toolCalls ? { role: 'assistant', content: content || null, tool_calls: toolCalls } : { role: 'assistant', content };
    return c.json(
      {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, finish_reason: toolCalls ? 'tool_calls' : FINISH[end?.finish ?? 'stop'], logprobs: null }],
        usage: end ? openAiUsage(end.usage) : undefined,
      },
      200,
      headers,
    );
  }

  const includeUsage = req.stream_options?.include_usage === true;
  // The envelope is the same for every chunk of the reply: serialise it once, not per delta.
  const envelope = JSON.stringify({ id, object: 'chat.completion.chunk', created, model });
  const prefix = `data: ${envelope.slice(0, -1)},"choices":[{"index":0,"delta":`;
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    enc.encode(`${prefix}${JSON.stringify(delta)},"finish_reason":${JSON.stringify(finish)},"logprobs":null}]}\n\n`);
  let calledTools = false;
  const encode = (ev: TurnEvent): Uint8Array[] => {
    if (ev.type === 'delta') return [chunk({ content: ev.text }, null)];
    if (ev.type === 'tool_call') {
      calledTools = true;
      return [chunk(toolCallDelta(ev), null)];
    }
    if (ev.type === 'done') {
      const out = [chunk({}, calledTools && ev.finish === 'stop' ? 'tool_calls' : (FINISH[ev.finish] ?? 'stop'))];
      if (includeUsage) {
        out.push(
          enc.encode(
            `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: openAiUsage(ev.usage) })}\n\n`,
          ),
        );
      }
      out.push(enc.encode('data: [DONE]\n\n'));
      return out;
    }
    if (ev.type === 'error') {
      return [
        enc.encode(
          `data: ${JSON.stringify({ error: { message: ev.message, type: ev.code, code: ev.code, retryable: ev.retryable } })}\n\n`,
        ),
      ];
    }
    return [];
  };
  const queue: Uint8Array[] = [chunk({ role: 'assistant', content: '' }, null), ...head.flatMap(encode)];
  const body = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      if (cacheStatus === 'hit') {
        // A hit is all in memory: its word-sized chunks go out in one write instead of one each.
        for await (const ev of events) queue.push(...encode(ev));
        ctl.enqueue(concat(queue.splice(0)));
        return ctl.close();
      }
      // What is already in memory (the role chunk and the first delta) goes out in one write.
      if (queue.length) return ctl.enqueue(queue.length === 1 ? (queue.shift() as Uint8Array) : concat(queue.splice(0)));
      const step = await events.next();
      if (step.done) return ctl.close();
      for (const bytes of encode(step.value)) queue.push(bytes);
      const first = queue.shift();
      if (first) ctl.enqueue(first);
    },
    async cancel() {
      abort.abort();
      await events.return(undefined);
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...headers },
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
