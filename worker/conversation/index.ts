/** Conversations as Durable Objects: the class, and how the Worker reaches one. */
import type { WorkerEnv } from '../env';
import { CALL_CONTEXT_HEADER, type CallContext } from './config';

export type { CallContext } from './config';
export { Conversation } from './conversation';

/** The object of `siteKey:conversationId` (typed RPC stub). */
export function conversationStub(env: WorkerEnv, siteKey: string, conversationId: string) {
  return env.CONVERSATION.get(env.CONVERSATION.idFromName(`${siteKey}:${conversationId}`));
}

/** Headers of the WebSocket upgrade request to the object. */
export function upgradeHeaders(call: CallContext): Headers {
  return new Headers({ upgrade: 'websocket', [CALL_CONTEXT_HEADER]: JSON.stringify(call) });
}
