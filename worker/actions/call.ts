/**
 * One call of a site action: the model's (or the console's) arguments with the verified identity put in,
 * sent to the site's endpoint signed like the handoff webhook (`x-parley-timestamp`, `x-parley-signature`
 * = `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<signed>">`, where `signed` is the JSON body of a POST or the
 * query string of a GET). Redirects are not followed, the response is capped, every failure is a typed
 * result rather than a throw. Plain http to this machine is allowed only in local development.
 */
import { isLoopbackHttp, type SiteAction } from '../../shared/actions';
import { signWebhook } from '../digest';
import { readBodyText } from '../http/body';

/**
 * The signing key of an action whose secret is not set, in local development only (`PARLEY_ENV=development`):
 * the demo's order lookup works on `npm start` without configuring anything. Never used in a deployment.
 */
export const DEV_ACTION_SECRET = 'parley-development-action-secret';

/** The most of a response body read; a bigger one is `too_large`. */
export const MAX_ACTION_RESPONSE_BYTES = 32 * 1024;

/** What went wrong, as a closed set the turn and the console both explain. */
export type ActionErrorCode = 'timeout' | 'upstream_error' | 'upstream_unavailable' | 'too_large' | 'forbidden' | 'internal';

/** The verified identity of the visitor (from the visitor token); absent fields are never sent. */
export interface ActionIdentity {
  userId?: string;
  email?: string;
}

/** The request as sent, for the console: the signature is shown, the secret never is. */
export interface ActionRequestView {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface ActionCallResult {
  ok: boolean;
  /** The endpoint's HTTP status; null when no response came. */
  status: number | null;
  latencyMs: number;
  /** The response body: parsed JSON when it is JSON, else its text; null when none was read. */
  body: unknown;
  request: ActionRequestView;
  error?: { code: ActionErrorCode; message: string };
}

export interface ActionCallOptions {
  /** The Worker's env: the action's secret is read from it by name; `PARLEY_ENV` allows loopback http. */
  env: object;
  fetch?: typeof fetch;
  now?: () => number;
  /** Cancels the call (the turn was stopped or reached its deadline). */
  signal?: AbortSignal;
}

/**
 * The arguments sent: the model's, with every identity field the action names replaced by the verified
 * value or removed when the visitor has none (a model can never choose whose data is read).
 */
export function actionArguments(action: SiteAction, args: Record<string, unknown>, identity: ActionIdentity): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const field of action.identity ?? []) {
    delete out[field];
    const value = identity[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function envString(env: object, name: string): string | undefined {
  const value: unknown = Reflect.get(env, name);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A GET's arguments as query parameters (objects as JSON text), after any the endpoint already has. */
function withQuery(endpoint: string, args: Record<string, unknown>): URL {
  const url = new URL(endpoint);
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined || v === null) continue;
    url.searchParams.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return url;
}

/** The body, read up to `max` bytes; null when it is larger (the rest is not read). */
async function readCapped(res: Response, max: number): Promise<string | null> {
  const over = new Error('over the cap');
  try {
    return await readBodyText(res, max, () => over);
  } catch (err) {
    if (err === over) return null;
    throw err;
  }
}

function parseBody(text: string, contentType: string | null): unknown {
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Call an action's endpoint once. Never throws: failures come back with `ok: false` and a typed `error`. */
export async function callAction(
  action: SiteAction,
  args: Record<string, unknown>,
  identity: ActionIdentity,
  options: ActionCallOptions,
): Promise<ActionCallResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const sent = actionArguments(action, args, identity);
  const url = action.method === 'GET' ? withQuery(action.endpoint, sent) : new URL(action.endpoint);
  const body = action.method === 'POST' ? JSON.stringify(sent) : null;
  const request: ActionRequestView = { method: action.method, url: url.toString(), headers: {}, body };
  const fail = (code: ActionErrorCode, message: string, status: number | null = null): ActionCallResult => ({
    ok: false,
    status,
    latencyMs: now() - started,
    body: null,
    request,
    error: { code, message },
  });

  const local = isLoopbackHttp(url);
  if (local ? envString(options.env, 'PARLEY_ENV') !== 'development' : url.protocol !== 'https:')
    return fail('forbidden', 'Plain http endpoints are called only in local development; use https.');
  const secret =
    envString(options.env, action.secret) ?? (envString(options.env, 'PARLEY_ENV') === 'development' ? DEV_ACTION_SECRET : undefined);
  if (!secret) return fail('internal', `The Worker secret ${action.secret} is not set.`);

  const timestamp = Math.floor(started / 1000);
  const signed = body ?? url.search.slice(1);
  request.headers = {
    accept: 'application/json',
    ...(body !== null ? { 'content-type': 'application/json' } : {}),
    'x-parley-action': action.name,
    'x-parley-timestamp': String(timestamp),
    'x-parley-signature': await signWebhook(secret, signed, timestamp),
  };

  const timeout = AbortSignal.timeout(action.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url.toString(), {
      method: action.method,
      headers: request.headers,
      body,
      redirect: 'manual',
      signal,
    });
  } catch {
    if (timeout.aborted) return fail('timeout', `The endpoint did not answer within ${action.timeoutMs} ms.`);
    return fail('upstream_unavailable', 'The endpoint could not be reached.');
  }
  let text: string | null;
  try {
    text = await readCapped(res, MAX_ACTION_RESPONSE_BYTES);
  } catch {
    if (timeout.aborted) return fail('timeout', `The endpoint did not answer within ${action.timeoutMs} ms.`, res.status);
    return fail('upstream_unavailable', 'The response was cut off.', res.status);
  }
  if (text === null) return fail('too_large', `The response is larger than ${MAX_ACTION_RESPONSE_BYTES} bytes.`, res.status);
  const parsed = parseBody(text, res.headers.get('content-type'));
  const latencyMs = now() - started;
  if (res.status >= 300 && res.status < 400)
    return {
      ...fail('upstream_error', 'The endpoint answered with a redirect, which is not followed.', res.status),
      body: parsed,
      latencyMs,
    };
  if (!res.ok) return { ...fail('upstream_error', `The endpoint answered ${res.status}.`, res.status), body: parsed, latencyMs };
  return { ok: true, status: res.status, latencyMs, body: parsed, request };
}
