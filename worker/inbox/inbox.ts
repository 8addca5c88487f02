/**
 * The agents' live inbox: one Durable Object holding every console's WebSocket (hibernation API). Each
 * socket's attachment carries the sites its token may see; conversation objects report their events here
 * (`notify`, fire-and-forget) and each event goes only to the sockets allowed its site. The object also
 * issues the one-use tickets consoles open their socket with, and remembers who claimed what.
 */
import { DurableObject } from 'cloudflare:workers';
import { INBOX_PING, INBOX_PONG, type InboxEvent } from '../../shared/inbox';
import type { WorkerEnv } from '../env';
import { Claims } from './claims';
import { Tickets } from './tickets';
import { INBOX_PRINCIPAL_HEADER, type InboxAttachment, type InboxPrincipal } from './types';

/** A socket re-proves its token this often (a revoked token stops receiving events within this time). */
export const INBOX_SOCKET_MS = 3_600_000;
/** Close code asking the console to come back with a fresh ticket. */
export const REAUTHENTICATE = 4401;

export class Inbox extends DurableObject<WorkerEnv> {
  private readonly tickets: Tickets;
  private readonly claimsTable: Claims;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.tickets = new Tickets(ctx.storage.sql);
    this.claimsTable = new Claims(ctx.storage.sql);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(INBOX_PING, INBOX_PONG));
  }

  /** The upgrade, from the Worker's route, which checked the token or ticket and put the principal in a header. */
  override async fetch(request: Request): Promise<Response> {
    const raw = request.headers.get(INBOX_PRINCIPAL_HEADER);
    if (!raw || request.headers.get('upgrade') !== 'websocket') return new Response('internal only', { status: 400 });
    const who = JSON.parse(raw) as InboxPrincipal;
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment({ ...who, until: Date.now() + INBOX_SOCKET_MS } satisfies InboxAttachment);
    pair[1].send(JSON.stringify({ type: 'ready', label: who.label, sites: who.sites }));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** RPC: a conversation's event, to every socket whose token may see its site. */
  notify(event: InboxEvent): number {
    this.claimsTable.apply(event);
    const json = JSON.stringify(event);
    const now = Date.now();
    let sent = 0;
    for (const ws of this.ctx.getWebSockets()) {
      const att = ws.deserializeAttachment() as InboxAttachment | null;
      if (!att) continue;
      try {
        if (att.until <= now) {
          ws.close(REAUTHENTICATE, 'reauthenticate');
          continue;
        }
        if (att.sites !== null && !att.sites.includes(event.siteKey)) continue;
        ws.send(json);
        sent++;
      } catch {
        /* closing socket */
      }
    }
    return sent;
  }

  /** RPC: a one-use ticket for `who` to open a socket with. */
  issueTicket(who: InboxPrincipal): Promise<{ ticket: string; expiresAt: number }> {
    return this.tickets.issue(who);
  }

  /** RPC: the principal of a ticket (once), or null. */
  redeemTicket(ticket: string): Promise<InboxPrincipal | null> {
    return this.tickets.redeem(ticket);
  }

  /** RPC: who holds each claimed conversation, keyed `site:conversationId`. */
  claims(): Record<string, string> {
    return this.claimsTable.all();
  }

  /** How many consoles are connected (for tests and metrics). */
  sockets(): number {
    return this.ctx.getWebSockets().length;
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    // Consoles only listen; anything but the auto-answered ping gets a pong so clients can measure liveness.
    if (typeof message === 'string') ws.send(INBOX_PONG);
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, 'closing');
    } catch {
      /* already closed */
    }
  }
}
