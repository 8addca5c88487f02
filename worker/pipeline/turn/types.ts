/** The turn's request context and its injected ports (DESIGN decision 1: nothing here knows Hono or a socket). */
import type { SiteConfig } from '../../../shared/config';
import type { RetrievalResult } from '../../../shared/knowledge';
import type { Tier } from '../../../shared/protocol';
import type { ActionCallRecord, PendingCalls } from '../../actions/pending';
import type { PiiVault, Scanners } from '../../guards';
import type { ProviderRegistry } from '../../providers/registry';
import type { ChatTurnMessage, ProviderTools, SamplingParams } from '../../providers/types';
import type { CacheKv, CacheMemory, CachePolicy, CacheStatus } from '../cache';
import type { GatewayPorts } from '../gateway/runtime';
import type { TurnRecord } from '../record';
import type { Router } from '../router';

/** The site's knowledge as the turn reads it: `retrieve` of `worker/knowledge` over the deployment's D1. */
export interface KnowledgePort {
  retrieve(siteKey: string, query: string, options: { k: number }): Promise<RetrievalResult>;
}

export interface TurnPorts {
  fetch: typeof fetch;
  now: () => number;
  /** Receives the turn's record once it ends (audit rows, metrics). */
  onEnd?: (record: TurnRecord) => void;
  /** Providers of this deployment (built once per env: `registryFor(env)`). */
  providers: ProviderRegistry;
  /** Retry, deadline and breaker machinery; the isolate's shared one by default. */
  gateway?: GatewayPorts;
  /** The reply cache's KV namespace; absent = no caching. `memory` defaults to this isolate's. */
  cache?: { kv: CacheKv; memory?: CacheMemory };
  /** Keeps background work (the cache write, a coalesced upstream) alive after the response ends. */
  waitUntil?: (p: Promise<unknown>) => void;
  /** Told hit / miss / bypass before the first event, so HTTP can send `x-parley-cache` in its headers. */
  onCacheDecision?: (status: CacheStatus) => void;
  /** The site's knowledge; absent = answers are not grounded (and strict mode never refuses). */
  knowledge?: KnowledgePort;
  /** Random source for the canary token (default Math.random). */
  random?: () => number;
  /** Guard scanners, swappable in tests (default: the real detectors). */
  guardScanners?: Scanners;
  /** The PII scanner for this message, shared with an earlier guard of the same text (`piiOnce`). */
  piiScanner?: Scanners['pii'];
  /** Calling the site's actions; absent = none are offered. */
  actions?: ActionPorts;
}

/** What calling a site's actions needs: the env holding their secrets, and where calls are recorded. */
export interface ActionPorts {
  /** The Worker's env: each action's signing secret is read from it by name. */
  env: object;
  /** The network for action calls (default the global fetch). */
  fetch?: typeof fetch;
  /** Audit one call (name, status, latency; never payloads). */
  onCall?: (call: ActionCallRecord) => void;
  /** Keeps a `confirm: true` call until the visitor answers (the conversation object); absent = such actions fail politely. */
  pending?: PendingCalls;
}

export interface TurnInput {
  site: SiteConfig;
  conversationId: string;
  message: { id: string; text: string };
  /** Earlier messages of the conversation, oldest first. */
  history: ChatTurnMessage[];
  /** Forces the tier (the OpenAI-compatible API's `parley-*` models); otherwise routing decides. */
  tier?: Tier;
  /** Caller's sampling overrides (OpenAI-compatible API); `maxTokens` stays clamped to the site's ceiling. */
  params?: SamplingParams;
  signal: AbortSignal;
  /** The client's cache choice (`bypass` skips the lookup). */
  cacheMode?: 'default' | 'bypass';
  /** Overrides the routed intent's cache policy. */
  cachePolicy?: CachePolicy;
  /** The site's router; defaults to the one published with the site's config (see `routerFor`). */
  router?: Router;
  /** The conversation's placeholder → value map; mutated in place, never logged. */
  vault?: PiiVault;
  /**
   * Function tools (OpenAI-compatible API): forwarded to providers that can call them. `after` is the
   * tool traffic after the last user message (assistant calls, `tool` results), sent after it, masked.
   */
  tools?: ProviderTools & { after: ChatTurnMessage[] };
  /** The visitor's locale (`hello.locale`): with the site's, where numbers without `+` are read as phones. */
  locale?: string;
  /** The conversation's owner (`user:<sub>` with a verified visitor token, `anon:<id>`): who actions act for. */
  owner?: string;
}
