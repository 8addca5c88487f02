/**
 * The HTTP bodies of the visitor API (`POST /v1/chat`, `/v1/feedback`, `/v1/confirm`, `/v1/csat`, `/v1/offline`),
 * for clients on SSE; WebSocket clients send the matching frames of `protocol.ts`. Also the published JSON Schema.
 */
import { z } from 'zod';
import {
  ChatMessageIn,
  ClientFrame,
  ConversationId,
  ConversationToken,
  CsatComment,
  CsatScore,
  ErrorBody,
  MessageId,
  OfflineEmail,
  OfflineText,
  PageUrl,
  PROTOCOL_VERSION,
  ServerFrame,
  VisitorLabel,
} from './protocol';

const id = VisitorLabel;

/**
 * Body of `POST /v1/chat` (answered as SSE carrying the server frames). Without `conversationId` a conversation is
 * minted and named in the `x-conversation-id` and `x-conversation-token` response headers; with it, its token is
 * required. A logged-in visitor sends the visitor token as `Authorization: Bearer`.
 */
export const ChatRequest = z.object({
  siteKey: z.string().min(1).max(128),
  conversationId: ConversationId.optional(),
  conversationToken: ConversationToken.optional(),
  /** As `hello.visitorId`. */
  visitorId: id.optional(),
  /** As `hello.locale`: the visitor's locale, whose region's phone numbers are masked too. */
  locale: z.string().max(35).optional(),
  /** As `hello.page`. */
  page: PageUrl.optional(),
  message: ChatMessageIn,
  cache: z.enum(['default', 'bypass']).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

/**
 * The conversation a later SSE-client request is about. `conversationToken` is required: without it (or with a wrong
 * one) the answer is 401 `unauthorized`.
 */
const ConversationRef = z.object({
  siteKey: z.string().min(1).max(128),
  conversationId: ConversationId,
  conversationToken: ConversationToken.optional(),
});

/** `POST /v1/feedback`: a visitor's rating of a reply, for clients on SSE (WebSocket clients send a `feedback` frame). */
export const FeedbackRequest = ConversationRef.extend({ messageId: MessageId, rating: z.enum(['up', 'down']) });
export type FeedbackRequest = z.infer<typeof FeedbackRequest>;

/** `POST /v1/confirm`: the SSE client's answer to a `confirm` frame (WebSocket clients send a `confirm` frame). */
export const ConfirmRequest = ConversationRef.extend({ callId: id, approve: z.boolean() });
export type ConfirmRequest = z.infer<typeof ConfirmRequest>;

/** `POST /v1/csat`: the SSE client's `csat` frame. */
export const CsatRequest = ConversationRef.extend({ score: CsatScore, comment: CsatComment.optional() });
export type CsatRequest = z.infer<typeof CsatRequest>;

/** `POST /v1/typing`: the SSE client's `typing` frame (told to a person who has the conversation; 204 either way). */
export const TypingRequest = ConversationRef.extend({ active: z.boolean() });
export type TypingRequest = z.infer<typeof TypingRequest>;

/** `POST /v1/offline`: the SSE client's `offline` frame. */
export const OfflineRequest = ConversationRef.extend({ email: OfflineEmail, text: OfflineText });
export type OfflineRequest = z.infer<typeof OfflineRequest>;

/** JSON Schema of every frame, for mobile and SDK developers. */
export function protocolJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Parley wire protocol',
    version: PROTOCOL_VERSION,
    clientFrame: z.toJSONSchema(ClientFrame),
    serverFrame: z.toJSONSchema(ServerFrame),
    chatRequest: z.toJSONSchema(ChatRequest),
    feedbackRequest: z.toJSONSchema(FeedbackRequest),
    confirmRequest: z.toJSONSchema(ConfirmRequest),
    csatRequest: z.toJSONSchema(CsatRequest),
    offlineRequest: z.toJSONSchema(OfflineRequest),
    typingRequest: z.toJSONSchema(TypingRequest),
    errorBody: z.toJSONSchema(ErrorBody),
  };
}
