/**
 * Site actions: endpoints of the site's own systems the assistant may call during a turn (function
 * calling), e.g. an order lookup. The config names the Worker secret that signs the requests, never its
 * value; identity arguments come from the verified visitor token, never from the model.
 */
import { z } from 'zod';

/** The longest an action may take before the turn gives it up. */
export const MAX_ACTION_TIMEOUT_MS = 10_000;
export const DEFAULT_ACTION_TIMEOUT_MS = 3_000;
/** Actions a site may define. */
export const MAX_ACTIONS = 16;

/** Identity fields an action may receive: set from the verified visitor token, whatever the model wrote. */
export const IdentityField = z.enum(['userId', 'email']);
export type IdentityField = z.infer<typeof IdentityField>;

/** The name of a Worker secret holding an action's signing key: `ACTION_SECRET_<NAME>`. */
export const ACTION_SECRET_PATTERN = /^ACTION_SECRET_[A-Z0-9_]{1,64}$/;

/** Hosts an action may call over plain http, and only in local development (`PARLEY_ENV=development`). */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** Whether a URL is plain http to this machine (accepted by the schema, called only in local development). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
}

export const SiteAction = z.object({
  /** The function name the model sees (letters, digits, `_` and `-`, as OpenAI-compatible APIs require). */
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'an action name is a letter then letters, digits, _ or -, at most 64'),
  /** What the action does and when to use it; the model reads this to decide. */
  description: z.string().trim().min(1).max(1000),
  /** JSON Schema of the arguments (an object schema). */
  parameters: z
    .record(z.string(), z.unknown())
    .refine((s) => s.type === 'object', 'parameters must be a JSON Schema with "type": "object"')
    .default({ type: 'object', properties: {} }),
  /** https on a host of the site's origins (see `actionEndpointProblem`). */
  endpoint: z.url(),
  method: z.enum(['GET', 'POST']).default('POST'),
  timeoutMs: z.number().int().min(100).max(MAX_ACTION_TIMEOUT_MS).default(DEFAULT_ACTION_TIMEOUT_MS),
  /** Offered only to visitors with a verified visitor token. */
  needsVerifiedVisitor: z.boolean().default(false),
  /** Side effects: the visitor must approve the call (a `confirm` frame) before it runs. */
  confirm: z.boolean().default(false),
  /** The NAME of the Worker secret that signs the requests (`ACTION_SECRET_ORDERS`), never its value. */
  secret: z
    .string()
    .regex(ACTION_SECRET_PATTERN, 'secret is the name of a Worker secret, ACTION_SECRET_<NAME> (upper case), not its value'),
  enabled: z.boolean().default(true),
  /** Verified identity fields sent with the arguments; the model's values for them are replaced or removed. */
  identity: z.array(IdentityField).max(2).optional(),
  /** The progress line shown while the action runs, per locale (`en`, `zh`, `ar`); absent = a generic one. */
  status: z.record(z.string(), z.string().trim().min(1).max(200)).optional(),
});
export type SiteAction = z.infer<typeof SiteAction>;
export type SiteActionInput = z.input<typeof SiteAction>;

/** An origin entry's hostname: a full origin (`https://shop.example`) or a bare hostname (`shop.example`). */
function originHost(origin: string): string | null {
  if (URL.canParse(origin)) return new URL(origin).hostname;
  return /^[a-z0-9.-]+$/i.test(origin) ? origin.toLowerCase() : null;
}

/**
 * Why an endpoint is refused for a site with these origins, or null when it is accepted: https on an
 * origin's host or one of its subdomains; plain http only to this machine (called only in local development).
 */
export function actionEndpointProblem(endpoint: string, origins: readonly string[]): string | null {
  if (!URL.canParse(endpoint)) return 'the endpoint is not a URL';
  const url = new URL(endpoint);
  if (url.username || url.password) return 'the endpoint must not carry credentials';
  if (isLoopbackHttp(url)) return null;
  if (url.protocol !== 'https:') return 'an action endpoint must be an https URL';
  const host = url.hostname.toLowerCase();
  const allowed = origins.map(originHost).filter((h): h is string => h !== null);
  if (allowed.some((h) => host === h || host.endsWith(`.${h}`))) return null;
  return `the endpoint's host ${host} is not one of the site's origins`;
}

/** The site-level checks of a site's actions: unique names, endpoints on the site's own hosts, intents naming real ones. */
export function checkActions(
  site: { actions?: readonly SiteAction[] | undefined; origins: readonly string[]; intents: readonly { action?: string | undefined }[] },
  ctx: z.RefinementCtx,
): void {
  const { actions, origins } = site;
  const seen = new Set<string>();
  actions?.forEach((action, i) => {
    if (seen.has(action.name))
      ctx.addIssue({ code: 'custom', message: `duplicate action name "${action.name}"`, path: ['actions', i, 'name'] });
    seen.add(action.name);
    const problem = actionEndpointProblem(action.endpoint, origins);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['actions', i, 'endpoint'] });
  });
  site.intents.forEach((intent, i) => {
    if (intent.action !== undefined && !seen.has(intent.action))
      ctx.addIssue({ code: 'custom', message: `no action named "${intent.action}"`, path: ['intents', i, 'action'] });
  });
}
