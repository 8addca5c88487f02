/**
 * The one factory of a turn's ports from the Worker's env: providers, the reply cache, the network, the
 * clock, the site's knowledge, background work and the audit sink with token metering. Every caller of `runTurn` (the
 * conversation object, the OpenAI-compatible route, the console's try-it box) builds its ports here.
 */
import type { SiteConfig } from '../../../shared/config';
import { actionAuditor } from '../../actions/audit';
import type { PendingCalls } from '../../actions/pending';
import { auditSink } from '../../audit/sink';
import type { WorkerEnv } from '../../env';
import { denseIndexFor } from '../../knowledge/dense';
import { retrieve } from '../../knowledge/retrieve';
import { registryFor } from '../../providers/registry';
import { metered } from '../../quota';
import { isolateGateway } from '../gateway/runtime';
import type { TurnPorts } from './types';

export interface TurnPortOptions {
  /** Record the turn: one audit row under `requestId` (visitor hashed), tokens counted against the site's day. */
  audit?: { site: SiteConfig; requestId: string; visitorId: string | undefined };
  /** Ground answers in the site's knowledge in D1 (default true). */
  knowledge?: boolean;
  /** Use the reply cache (default true). */
  cache?: boolean;
  onCacheDecision?: TurnPorts['onCacheDecision'];
  piiScanner?: TurnPorts['piiScanner'];
  /** Where `confirm: true` action calls wait for the visitor (the conversation object); absent = they are refused. */
  pending?: PendingCalls;
}

/** The ports of one turn; without `audit` nothing is recorded, without `cache` nothing is cached. */
export function turnPortsFor(env: WorkerEnv, ctx: { waitUntil(p: Promise<unknown>): void }, opts: TurnPortOptions = {}): TurnPorts {
  const waitUntil = (p: Promise<unknown>) => ctx.waitUntil(p);
  const ports: TurnPorts = {
    fetch: isolateGateway.fetch,
    now: Date.now,
    providers: registryFor(env),
    waitUntil,
    actions: { env, onCall: actionAuditor(env.DB, waitUntil), ...(opts.pending ? { pending: opts.pending } : {}) },
  };
  if (opts.cache !== false) ports.cache = { kv: env.CACHE };
  if (opts.knowledge !== false) {
    const dense = denseIndexFor(env);
    ports.knowledge = { retrieve: (site, query, o) => retrieve(env.DB, site, query, dense ? { ...o, dense } : o) };
  }
  if (opts.onCacheDecision) ports.onCacheDecision = opts.onCacheDecision;
  if (opts.piiScanner) ports.piiScanner = opts.piiScanner;
  const audit = opts.audit;
  if (audit) {
    ports.onEnd = metered(
      env,
      audit.site,
      waitUntil,
      auditSink({ db: env.DB, salt: env.AUDIT_SALT, requestId: audit.requestId, visitorId: audit.visitorId, now: Date.now, waitUntil }),
    );
  }
  return ports;
}
