/**
 * The agents' live inbox socket:
 *   POST /admin/api/inbox/ticket   (bearer token)  a one-use ticket, good for 30 s
 *   GET  /admin/api/inbox/ws?ticket=…               the upgrade, with that ticket (how the console connects), or
 *   GET  /admin/api/inbox/ws  + `Sec-WebSocket-Protocol: parley-inbox, bearer.<token>`  (clients that hold a token)
 * Roles `admin`, `editor`, `agent`. The socket receives the events of the token's sites only (see worker/inbox),
 * and the server selects the `parley-inbox` subprotocol, never echoing the token. A long-lived secret never
 * goes in the URL.
 */
import { Hono } from 'hono';
import { INBOX_BEARER_PREFIX, INBOX_PROTOCOL } from '../../../shared/inbox';
import { resolveToken } from '../../auth/principal';
import type { AdminPrincipal } from '../../auth/types';
import type { AppEnv, WorkerEnv } from '../../env';
import { ParleyError } from '../../errors';
import { inboxStub } from '../../inbox';
import { INBOX_PRINCIPAL_HEADER, type InboxPrincipal } from '../../inbox/types';
import { requireRole } from '../../middleware/require-role';
import { AGENTS, who } from './common';

export const inboxAdmin = new Hono<AppEnv>();

const principalOf = (p: AdminPrincipal): InboxPrincipal => ({ id: p.id, role: p.role, label: p.label, sites: p.sites });

inboxAdmin.post('/inbox/ticket', requireRole(...AGENTS), async (c) => {
  return c.json(await inboxStub(c.env).issueTicket(principalOf(who(c))), 201);
});

/** The subprotocols a client offered, in order. */
function offered(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Who opens the socket: a ticket's principal, or a bearer token's in the subprotocols; null when neither checks out. */
async function opener(env: WorkerEnv, ticket: string | undefined, protocols: string[]): Promise<InboxPrincipal | null> {
  if (ticket) return inboxStub(env).redeemTicket(ticket);
  const bearer = protocols.find((p) => p.startsWith(INBOX_BEARER_PREFIX));
  if (!bearer) return null;
  const p = await resolveToken(env, bearer.slice(INBOX_BEARER_PREFIX.length));
  return p ? principalOf(p) : null;
}

inboxAdmin.get('/inbox/ws', async (c) => {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') throw new ParleyError('bad_request', 'This route is a WebSocket upgrade.');
  const protocols = offered(c.req.header('sec-websocket-protocol'));
  if (protocols.length > 0 && !protocols.includes(INBOX_PROTOCOL))
    throw new ParleyError('bad_request', `Offer the "${INBOX_PROTOCOL}" subprotocol.`);
  const who = await opener(c.env, c.req.query('ticket'), protocols);
  if (!who) throw new ParleyError('unauthorized', 'A valid inbox ticket or admin token is required.');
  if (!(AGENTS as string[]).includes(who.role)) throw new ParleyError('forbidden', `This needs the role ${AGENTS.join(' or ')}.`);
  const res = await inboxStub(c.env).fetch('http://inbox/ws', {
    headers: { upgrade: 'websocket', [INBOX_PRINCIPAL_HEADER]: JSON.stringify(who) },
  });
  if (!res.webSocket) return res;
  // A browser that offered subprotocols fails the connection unless one is selected; one that offered none gets none.
  const headers = protocols.length > 0 ? { 'sec-websocket-protocol': INBOX_PROTOCOL } : undefined;
  return new Response(null, { status: 101, webSocket: res.webSocket, ...(headers ? { headers } : {}) });
});
