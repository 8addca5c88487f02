/**
 * The WebSocket protocol inside a conversation object: `hello` (version, identity, resume), then
 * `message`, `stop`, `feedback`, `typing`, `csat`, `offline`, `ping`. Everything a socket needs to survive hibernation lives in its
 * attachment; everything else is in the object's SQLite store.
 */
import {
  CLOSE_CODES,
  ClientFrame,
  HEARTBEAT_MS,
  type HelloFrame,
  MAX_FRAME_BYTES,
  PONG_TEXT,
  SUPPORTED_PROTOCOLS,
} from '../../shared/protocol';
import { timingSafeEqual } from '../digest';
import { ParleyError } from '../errors';
import { invalidInput } from '../http/validation';
import { CALL_CONTEXT_HEADER, type CallContext } from './config';
import { assertOwner, newOwner, type Owner } from './conversation-token';
import { errorFrame } from './frames';
import { type Attachment, type ConversationHost, READY_HISTORY } from './session-types';
import { type VisitorClaims, visitorTokenClaims } from './visitor-token';

type Hello = ReturnType<typeof HelloFrame.parse>;

function refuse(ws: WebSocket, err: ParleyError, closeCode: number): void {
  try {
    ws.send(JSON.stringify(errorFrame(err)));
    ws.close(closeCode, err.code);
  } catch {
    /* already gone */
  }
}

/** Handle one client frame. */
export async function onSocketMessage(convo: ConversationHost, ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
  const size = typeof message === 'string' ? message.length : message.byteLength;
  if (size > MAX_FRAME_BYTES) {
    return refuse(ws, new ParleyError('too_large', `Frames are limited to ${MAX_FRAME_BYTES} bytes.`), CLOSE_CODES.tooBig);
  }
  const att = ws.deserializeAttachment() as Attachment;
  let raw: unknown;
  try {
    if (typeof message !== 'string') throw new Error('binary');
    raw = JSON.parse(message);
  } catch {
    raw = null;
  }
  const parsed = ClientFrame.safeParse(raw);
  if (!parsed.success) {
    const err = invalidInput(parsed.error, { root: 'frame', lead: 'Invalid frame: ', oversize: true });
    if (!att.ready) return refuse(ws, err, CLOSE_CODES.badHello);
    ws.send(JSON.stringify(errorFrame(err)));
    return;
  }
  const frame = parsed.data;
  if (frame.type === 'ping') {
    ws.send(PONG_TEXT);
    return;
  }
  if (frame.type === 'hello') return hello(convo, ws, att, frame);
  if (!att.ready) return refuse(ws, new ParleyError('bad_request', 'The first frame must be hello.'), CLOSE_CODES.badHello);
  if (frame.type === 'message') {
    const existing = convo.store.turn(frame.id);
    if (existing) {
      // Already accepted: give this socket the turn's frames it has not had, never run it twice.
      for (const json of convo.store.framesAfter(0, frame.id, att.since)) ws.send(json);
      return;
    }
    if (!att.owner) return; // a ready socket always has its owner
    try {
      // False when the same message arrived again while the config loaded: that copy runs it.
      await convo.submit({
        visitorId: att.owner,
        id: frame.id,
        text: frame.text,
        cacheMode: 'default',
        ...(att.locale ? { locale: att.locale } : {}),
      });
    } catch (err) {
      ws.send(JSON.stringify(errorFrame(err, frame.id)));
    }
    return;
  }
  if (frame.type === 'typing') {
    convo.visitorTyping(frame.active);
    return;
  }
  if (frame.type === 'csat' || frame.type === 'offline') {
    try {
      if (frame.type === 'csat') await convo.csat(frame.score, frame.comment);
      else await convo.leaveOffline(frame.email, frame.text);
    } catch (err) {
      ws.send(JSON.stringify(errorFrame(err)));
    }
    return;
  }
  if (frame.type === 'confirm') {
    try {
      convo.confirm(frame.callId, frame.approve, att.locale);
    } catch (err) {
      ws.send(JSON.stringify(errorFrame(err)));
    }
    return;
  }
  if (frame.type === 'stop') convo.stop(frame.messageId);
  if (frame.type === 'feedback') {
    try {
      convo.feedback(frame.messageId, frame.rating);
    } catch (err) {
      ws.send(JSON.stringify(errorFrame(err, frame.messageId)));
    }
  }
}

async function hello(convo: ConversationHost, ws: WebSocket, att: Attachment, f: Hello): Promise<void> {
  if (att.ready) {
    ws.send(JSON.stringify(errorFrame(new ParleyError('bad_request', 'hello was already received on this socket.'))));
    return;
  }
  if (!(SUPPORTED_PROTOCOLS as readonly number[]).includes(f.protocol)) {
    const msg = `Protocol ${f.protocol} is not supported; this server speaks ${SUPPORTED_PROTOCOLS.join(', ')}. Please update the app.`;
    return refuse(ws, new ParleyError('unsupported_protocol', msg), CLOSE_CODES.unsupportedProtocol);
  }
  const { siteKey, conversationId } = convo.ids;
  if (f.siteKey !== siteKey)
    return refuse(ws, new ParleyError('unauthorized', 'hello.siteKey does not match the connection.'), CLOSE_CODES.policy);
  let owner = att.owner;
  let token = att.token;
  let claims: VisitorClaims | undefined;
  try {
    // A known conversation is chosen on the upgrade (`?conversationId=…&conversationToken=…`), where the Worker
    // checks its token before the object is reached; hello may repeat both, and then they must agree.
    if (f.conversationId !== undefined || f.conversationToken !== undefined) {
      if (token === null || f.conversationId !== conversationId || !timingSafeEqual(f.conversationToken ?? '', token))
        throw new ParleyError(
          'unauthorized',
          'Resume a conversation by putting its conversationId and conversationToken in the upgrade URL; they must match hello.',
        );
    }
    let sub = att.verifiedSub;
    if (f.visitorToken) {
      claims = await visitorTokenClaims(f.visitorToken, siteKey, convo.visitorTokenSecret);
      if (sub !== undefined && claims.sub !== sub) throw new ParleyError('unauthorized', 'The visitor token names another visitor.');
      sub = claims.sub;
    }
    if (owner === null || token === null) {
      owner = newOwner(sub, f.visitorId);
      token = await convo.claim(owner);
    } else {
      assertOwner(owner, sub);
    }
  } catch (err) {
    return refuse(ws, err instanceof ParleyError ? err : new ParleyError('unauthorized', 'Invalid visitor token.'), CLOSE_CODES.policy);
  }
  // From here on synchronous: the replay and the switch to live frames cannot interleave with a new frame.
  const last = convo.store.lastSeq;
  let since = last;
  if (f.resume) since = Math.min(f.resume.afterSeq, last);
  else if (convo.runningMessageId) since = (convo.store.turn(convo.runningMessageId)?.first_seq ?? last + 1) - 1;
  const locale = f.locale ? { locale: f.locale } : {};
  ws.serializeAttachment({ ...att, ...locale, owner, token, ready: true, since } satisfies Attachment);
  ws.send(
    JSON.stringify({
      type: 'ready',
      protocol: f.protocol,
      conversationId,
      conversationToken: token,
      lastSeq: last,
      heartbeatMs: HEARTBEAT_MS,
      handoff: convo.handoffActive,
      history: convo.ownerHistory(READY_HISTORY),
    }),
  );
  for (const json of convo.store.framesAfter(since)) ws.send(json);
  const signed = claims ?? (att.verifiedSub !== undefined ? { sub: att.verifiedSub } : undefined);
  const identity = signed ? { identity: { ...signed, verified: true as const } } : {};
  convo.noteVisitor({ ...locale, ...(f.page ? { page: f.page } : {}), ...identity });
}

/** Complete the close handshake; the turn, if any, keeps running. */
export function onSocketClose(ws: WebSocket, code: number): void {
  try {
    ws.close(code === 1005 || code === 1006 ? 1000 : code, 'closing');
  } catch {
    /* already closed */
  }
}

/**
 * The WebSocket upgrade (the only call that is not RPC: a socket cannot cross an RPC boundary). The Worker put
 * the checked call context in a header; a known conversation admits only its owner.
 */
export function acceptUpgrade(
  ctx: DurableObjectState,
  request: Request,
  owner: Owner | null,
  label: (call: CallContext) => void,
): Response {
  const call = JSON.parse(request.headers.get(CALL_CONTEXT_HEADER) ?? 'null') as CallContext | null;
  if (!call || request.headers.get('upgrade') !== 'websocket') return new Response('internal only', { status: 400 });
  if (!call.fresh && (owner === null || owner !== call.owner)) return new Response('not your conversation', { status: 401 });
  label(call);
  const pair = new WebSocketPair();
  const att: Attachment = {
    siteKey: call.siteKey,
    owner: call.fresh ? null : call.owner,
    token: call.fresh ? null : call.conversationToken,
    ...(call.verifiedSub !== undefined ? { verifiedSub: call.verifiedSub } : {}),
    ready: false,
    since: 0,
  };
  ctx.acceptWebSocket(pair[1]);
  pair[1].serializeAttachment(att);
  return new Response(null, { status: 101, webSocket: pair[0] });
}
