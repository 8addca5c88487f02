/** Conversations as Durable Objects: the class, and how the Worker reaches one. */
import type { WorkerEnv } from '../env';
import { type CallContext, conversationEnvOf, INTERNAL_HEADER } from './config';

export { Conversation } from './conversation';

/** The object of `siteKey:conversationId`. */
export function conversationStub(env: WorkerEnv, siteKey: string, conversationId: string) {
  return env.CONVERSATION.get(env.CONVERSATION.idFromName(`${siteKey}:${conversationId}`));
}

/** The call context the Worker hands to the object (its env view included; see config.ts). */
export function callContext(env: WorkerEnv, c: Omit<CallContext, 'env'>): CallContext {
  return { ...c, env: conversationEnvOf(env) };
}

/** Headers for an internal request to the object. */
export function internalHeaders(call: CallContext, extra: Record<string, string> = {}): Headers {
  return new Headers({ ...extra, [INTERNAL_HEADER]: JSON.stringify(call) });
}
