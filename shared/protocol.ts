/**
 * The Parley wire protocol: every frame that crosses a socket or an SSE stream.
 * One zod schema per frame is the single source of truth; the widget, the Worker,
 * the tests and the published JSON Schema (`GET /v1/protocol.json`) all derive from it.
 */
import { z } from 'zod';

/**
 * Bumped on any breaking change to a frame; `hello.protocol` must match a supported one. Version 2: the server
 * mints every conversation id with a conversation token that each later request presents. Version 1 (client-chosen
 * ids, no token) is refused with `unsupported_protocol`.
 */
export const PROTOCOL_VERSION = 2;
export const SUPPORTED_PROTOCOLS = [2] as const;

/** Hard cap on a visitor message, in characters (UTF-16 code units). */
export const MAX_MESSAGE_CHARS = 4000;

/** The closed set of error codes a client may see; each maps to one HTTP status. */
export const ErrorCode = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'origin_not_allowed',
  'not_found',
  'conflict',
  'rate_limited',
  'too_large',
  'unsupported_protocol',
  'blocked_by_policy',
  'quota_exceeded',
  'upstream_unavailable',
  'upstream_error',
  'timeout',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  origin_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  unsupported_protocol: 426,
  blocked_by_policy: 422,
  quota_exceeded: 429,
  upstream_unavailable: 503,
  upstream_error: 502,
  timeout: 504,
  internal: 500,
};

export const Tier = z.enum(['fast', 'default', 'premium']);
export type Tier = z.infer<typeof Tier>;

const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _.:- only');
export const MessageId = id;
/** An id a client chooses (a visitor's label, an action call): letters, digits and `_.:-`. */
export const VisitorLabel = id;
export const ConversationId = id;
/** Proof of ownership of a conversation, minted with it (`ready.conversationToken`, `x-conversation-token`). */
export const ConversationToken = z.string().min(1).max(512);

/** A page URL as the widget reports it (`location.origin + location.pathname`). */
export const PageUrl = z.string().max(2048);

export const ChatMessageIn = z.object({
  id: MessageId,
  text: z.string().trim().min(1, 'message text is empty').max(MAX_MESSAGE_CHARS, `message text is over ${MAX_MESSAGE_CHARS} characters`),
});
export type ChatMessageIn = z.infer<typeof ChatMessageIn>;

// ---------- client → server ----------

export const HelloFrame = z.object({
  type: z.literal('hello'),
  protocol: z.number().int().positive(),
  siteKey: z.string().min(1).max(128),
  /** Both or neither: a conversation the server minted earlier, and its token. Absent: a new conversation. */
  conversationId: ConversationId.optional(),
  conversationToken: ConversationToken.optional(),
  /** An anonymous visitor's own label for itself (owner `anon:<visitorId>` of a new conversation); proves nothing. */
  visitorId: id.optional(),
  /** A logged-in visitor's signed token (or `Authorization: Bearer` on the upgrade for apps). */
  visitorToken: z.string().max(4096).optional(),
  resume: z.object({ afterSeq: z.number().int().min(0) }).optional(),
  locale: z.string().max(35).optional(),
  /** The page the visitor is on, for the agents' context panel: origin and path (the server drops any query). */
  page: PageUrl.optional(),
});
export const MessageFrame = z.object({ type: z.literal('message'), id: MessageId, text: ChatMessageIn.shape.text });
export const StopFrame = z.object({ type: z.literal('stop'), messageId: MessageId });
export const FeedbackFrame = z.object({
  type: z.literal('feedback'),
  messageId: MessageId,
  rating: z.enum(['up', 'down']),
});
export const PingFrame = z.object({ type: z.literal('ping') });
/** The visitor is (or stopped) typing; recorded for the console at most once a second. */
export const ClientTypingFrame = z.object({ type: z.literal('typing'), active: z.boolean() });
/** The visitor's answer to a `confirm` frame: run the action (`approve: true`) or not. */
export const ConfirmAnswerFrame = z.object({ type: z.literal('confirm'), callId: id, approve: z.boolean() });
/** Satisfaction with the whole conversation, 1 (bad) to 5 (great), asked for by a `closed` frame. */
export const CsatScore = z.number().int().min(1).max(5);
export const CsatComment = z.string().trim().max(1000);
export const CsatFrame = z.object({ type: z.literal('csat'), score: CsatScore, comment: CsatComment.optional() });
/** A message left while no person can answer (outside business hours, or nobody claimed in time). */
export const OfflineEmail = z.string().trim().email('not an email address').max(254);
export const OfflineText = z.string().trim().min(1, 'message text is empty').max(MAX_MESSAGE_CHARS);
export const OfflineFrame = z.object({ type: z.literal('offline'), email: OfflineEmail, text: OfflineText });

export const ClientFrame = z.discriminatedUnion('type', [
  HelloFrame,
  MessageFrame,
  StopFrame,
  FeedbackFrame,
  PingFrame,
  ClientTypingFrame,
  ConfirmAnswerFrame,
  CsatFrame,
  OfflineFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

// ---------- server → client ----------

export const Usage = z.object({
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  cachedInputTokens: z.number().int().min(0),
  costUsd: z.number().min(0),
  estimated: z.boolean(),
});
export type Usage = z.infer<typeof Usage>;

export const Finish = z.enum(['stop', 'length', 'stopped', 'filtered']);
export type Finish = z.infer<typeof Finish>;

const seq = z.number().int().min(0);

export const HistoryItem = z.object({
  role: z.enum(['visitor', 'assistant', 'agent']),
  id: z.string(),
  text: z.string(),
  finish: Finish.optional(),
  at: z.number(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

export const ReadyFrame = z.object({
  type: z.literal('ready'),
  protocol: z.number().int(),
  conversationId: ConversationId,
  /** Present on every later request of this conversation (query `conversationToken` on the upgrade, bodies). */
  conversationToken: ConversationToken,
  lastSeq: seq,
  heartbeatMs: z.number().int().positive(),
  handoff: z.boolean(),
  history: z.array(HistoryItem),
});
export const MetaFrame = z.object({
  type: z.literal('meta'),
  seq,
  messageId: MessageId,
  intent: z.string().nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  tier: Tier,
  provider: z.string(),
  model: z.string(),
  cached: z.boolean(),
  handoff: z.boolean(),
  reason: z.string().optional(),
});
export const DeltaFrame = z.object({ type: z.literal('delta'), seq, messageId: MessageId, text: z.string() });
/** A source the reply cited as `[n]`: the numbered passage's title and, when it has one, its page. */
export const CitedSource = z.object({ n: z.number().int().positive(), title: z.string(), url: z.string().optional() });
export type CitedSource = z.infer<typeof CitedSource>;
export const DoneFrame = z.object({
  type: z.literal('done'),
  seq,
  messageId: MessageId,
  finish: Finish,
  usage: Usage,
  /** The sources the reply cites (`[n]` markers in its text), in order of first citation; absent when none. */
  sources: z.array(CitedSource).optional(),
});
export const ErrorFrame = z.object({
  type: z.literal('error'),
  seq: seq.optional(),
  messageId: MessageId.optional(),
  code: ErrorCode,
  message: z.string(),
  retryable: z.boolean(),
  retryAfter: z.number().min(0).optional(),
});
export const AgentFrame = z.object({
  type: z.literal('agent'),
  seq,
  id: z.string(),
  text: z.string(),
  name: z.string().optional(),
});
export const HandoffFrame = z.object({
  type: z.literal('handoff'),
  seq,
  active: z.boolean(),
  /** Why: `intent` (the router chose handoff), `visitor_request`, `agent` (an agent took or gave back the chat). */
  reason: z.string().optional(),
  /** The visitor message that asked for a person, when one did. */
  messageId: MessageId.optional(),
  /** False when a person was asked for outside the site's business hours: the bot keeps answering. */
  open: z.boolean().optional(),
  /** When the desk next opens (epoch ms), with `open: false`. */
  nextOpen: z.number().int().optional(),
});
/** An agent is (or stopped) typing. Live only: not numbered, not stored, never replayed. */
export const TypingFrame = z.object({
  type: z.literal('typing'),
  who: z.literal('agent'),
  name: z.string().optional(),
  active: z.boolean(),
});
export const PongFrame = z.object({ type: z.literal('pong') });
/** Progress inside a turn (an action running: "Looking up your order…"). Live only: not numbered, not stored. */
export const StatusFrame = z.object({
  type: z.literal('status'),
  messageId: MessageId,
  text: z.string(),
  /** The action being run, when the status is about one. */
  action: z.string().optional(),
});
/**
 * An action with side effects waits for the visitor: the widget shows `summary` with approve/decline and answers
 * with a client `confirm` frame carrying `callId`. Numbered and stored, so a reload still shows the question.
 */
export const ConfirmFrame = z.object({
  type: z.literal('confirm'),
  seq,
  messageId: MessageId,
  callId: id,
  action: z.string(),
  /** What will be done, in the visitor's words (masked values stay masked). */
  summary: z.string(),
  /** Epoch ms after which the question lapses and the action is not run. */
  expiresAt: z.number().int(),
});
/** The conversation was closed (by an agent, or idle after the bot's answer); `survey` asks for a `csat` frame. */
export const ClosedFrame = z.object({
  type: z.literal('closed'),
  seq,
  reason: z.enum(['agent', 'idle']),
  survey: z.boolean(),
});
/** The conversation's offline message was received (`offline` frame or `POST /v1/offline`). */
export const OfflineReceivedFrame = z.object({ type: z.literal('offline_received'), seq });

export const ServerFrame = z.discriminatedUnion('type', [
  ReadyFrame,
  MetaFrame,
  DeltaFrame,
  DoneFrame,
  ErrorFrame,
  AgentFrame,
  HandoffFrame,
  TypingFrame,
  PongFrame,
  StatusFrame,
  ConfirmFrame,
  ClosedFrame,
  OfflineReceivedFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type MetaFrame = z.infer<typeof MetaFrame>;
export type DeltaFrame = z.infer<typeof DeltaFrame>;
export type DoneFrame = z.infer<typeof DoneFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;

/**
 * A fragment of a function call the model made. Only a turn given tools (the OpenAI-compatible API)
 * yields these; it is never a frame to the widget. The first fragment of call `index` has `id` and `name`.
 */
export interface ToolCallEvent {
  type: 'tool_call';
  messageId: string;
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

/** A frame of a turn before the transport numbers it. */
export type TurnEvent =
  | Omit<z.infer<typeof MetaFrame>, 'seq'>
  | Omit<z.infer<typeof DeltaFrame>, 'seq'>
  | Omit<z.infer<typeof DoneFrame>, 'seq'>
  | Omit<z.infer<typeof ErrorFrame>, 'seq'>
  | z.infer<typeof StatusFrame>
  | Omit<z.infer<typeof ConfirmFrame>, 'seq'>
  | ToolCallEvent;

// ---------- WebSocket limits and close codes ----------

/** Largest client frame accepted, in bytes (UTF-16 units for text frames); bigger closes the socket with 1009. */
export const MAX_FRAME_BYTES = 16 * 1024;
/** How often clients should send `{"type":"ping"}`; the server answers `{"type":"pong"}` without waking the conversation. */
export const HEARTBEAT_MS = 25_000;
/** The exact text of the app-level ping the server auto-answers (other spellings are answered too, but wake the object). */
export const PING_TEXT = '{"type":"ping"}';
export const PONG_TEXT = '{"type":"pong"}';

/** WebSocket close codes the server uses; each close is preceded by an `error` frame saying why where one applies. */
export const CLOSE_CODES = {
  /** Forged or expired visitor token, wrong site key. */
  policy: 1008,
  /** A client frame over MAX_FRAME_BYTES. */
  tooBig: 1009,
  internal: 1011,
  /** First frame was not a valid `hello`, or a frame arrived before `hello`. */
  badHello: 4400,
  /** Visitor token missing where required. */
  unauthorized: 4401,
  /** `hello.protocol` is not one of SUPPORTED_PROTOCOLS. */
  unsupportedProtocol: 4426,
} as const;

// ---------- HTTP ----------

/** The JSON body of every non-streamed error response. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    retryable: z.boolean(),
    retryAfter: z.number().optional(),
    /** Each problem of an invalid admin config, by path (e.g. `intents.2.patterns.0`). */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
