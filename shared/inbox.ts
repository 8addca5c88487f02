/**
 * The agents' live inbox (`GET /admin/api/inbox/ws`): every frame the Worker sends to a console, and the
 * console's conversation views (list, transcript, context). Admin-side only: none of this reaches a visitor.
 * Each event names its site, and a socket receives only the events of the sites its token may see.
 */
import { z } from 'zod';

/** The subprotocol a console names on the upgrade; the server selects it. */
export const INBOX_PROTOCOL = 'parley-inbox';
/** Prefix of the subprotocol entry that carries an admin token (`bearer.<token>`), for clients that cannot use a ticket. */
export const INBOX_BEARER_PREFIX = 'bearer.';
/** How long a ticket from `POST /admin/api/inbox/ticket` may wait before its one use. */
export const INBOX_TICKET_MS = 30_000;

const site = z.string().min(1).max(128);
const conversation = z.string().min(1).max(128);

/** Who wrote a transcript entry, as the console shows it. */
export const InboxAuthor = z.enum(['visitor', 'assistant', 'agent']);

/** One transcript entry as agents see it: masked text, its time and its author (an agent's display name). */
export const InboxMessage = z.object({
  id: z.string(),
  role: InboxAuthor,
  text: z.string(),
  at: z.number(),
  /** The agent's display name, on agent replies. */
  name: z.string().optional(),
  /** How a reply of the assistant ended, when it did not end normally or when known. */
  finish: z.enum(['stop', 'length', 'stopped', 'filtered']).optional(),
});
export type InboxMessage = z.infer<typeof InboxMessage>;

/** Where a conversation stands for the desk. */
export const DeskState = z.enum(['waiting', 'claimed', 'closed', 'bot']);
export type DeskState = z.infer<typeof DeskState>;

/** An internal note: for agents only, never sent to the visitor. */
export const InboxNote = z.object({ id: z.string(), author: z.string(), text: z.string(), at: z.number() });
export type InboxNote = z.infer<typeof InboxNote>;

/** What the console's context panel shows about the visitor. */
export const VisitorContext = z.object({
  locale: z.string().optional(),
  /** The page the visitor was on (origin and path only). */
  page: z.string().optional(),
  /** Attributes from a visitor token signed with the site's secret: verified by that signature. */
  identity: z.object({ sub: z.string(), name: z.string().optional(), email: z.string().optional(), verified: z.literal(true) }).optional(),
  /** Intents routed so far, oldest first, each once. */
  intents: z.array(z.string()),
});
export type VisitorContext = z.infer<typeof VisitorContext>;

/** The summary made at handoff: by the site's model when one is configured, else the recent messages. */
export const HandoffSummary = z.object({
  kind: z.enum(['model', 'recent']),
  text: z.string(),
  at: z.number(),
});
export type HandoffSummary = z.infer<typeof HandoffSummary>;

/** `GET /admin/api/conversations/:id`: everything an agent needs to answer. */
export const ConversationView = z.object({
  siteKey: site,
  conversationId: conversation,
  handoff: z.boolean(),
  state: DeskState,
  claimedBy: z.string().nullable(),
  lastSeq: z.number(),
  messages: z.array(InboxMessage),
  notes: z.array(InboxNote),
  context: VisitorContext,
  summary: HandoffSummary.nullable(),
  /** Whether the site lets agents reveal a message's original values (`handoff.revealPii`). */
  canReveal: z.boolean(),
  feedback: z.record(z.string(), z.enum(['up', 'down'])),
  visitorTyping: z.object({ active: z.boolean(), at: z.number() }).nullable(),
});
export type ConversationView = z.infer<typeof ConversationView>;

/** A row of the waiting list (`GET /admin/api/conversations?state=handoff`). */
export const WaitingRow = z.object({
  siteKey: site,
  conversationId: conversation,
  reason: z.string(),
  since: z.number(),
  claimedBy: z.string().nullable().optional(),
});
export type WaitingRow = z.infer<typeof WaitingRow>;

// ---------- frames, server → console ----------

const ids = { siteKey: site, conversationId: conversation };

/** A conversation was handed to a human. */
export const InboxHandoffFrame = z.object({ type: z.literal('handoff'), ...ids, reason: z.string(), at: z.number() });
/** A new transcript entry: a visitor message during handoff, or an agent's reply. */
export const InboxMessageFrame = z.object({ type: z.literal('message'), ...ids, message: InboxMessage });
/** Someone is (or stopped) typing in a conversation. */
export const InboxTypingFrame = z.object({
  type: z.literal('typing'),
  ...ids,
  who: z.enum(['visitor', 'agent']),
  name: z.string().optional(),
  active: z.boolean(),
});
/** The desk state changed: claimed or released by an agent, closed, or handed back to the bot. */
export const InboxStateFrame = z.object({
  type: z.literal('state'),
  ...ids,
  state: z.enum(['claimed', 'released', 'closed', 'bot']),
  by: z.string().optional(),
  at: z.number(),
});
/** An agent wrote an internal note. */
export const InboxNoteFrame = z.object({ type: z.literal('note'), ...ids, note: InboxNote });

/** Every event a conversation reports to the inbox. */
export const InboxEvent = z.discriminatedUnion('type', [
  InboxHandoffFrame,
  InboxMessageFrame,
  InboxTypingFrame,
  InboxStateFrame,
  InboxNoteFrame,
]);
export type InboxEvent = z.infer<typeof InboxEvent>;

/** The first frame on a new socket: who it is and which sites it follows (null: every site). */
export const InboxReadyFrame = z.object({ type: z.literal('ready'), label: z.string(), sites: z.array(z.string()).nullable() });
export const InboxPongFrame = z.object({ type: z.literal('pong') });

export const InboxFrame = z.discriminatedUnion('type', [
  InboxReadyFrame,
  InboxPongFrame,
  InboxHandoffFrame,
  InboxMessageFrame,
  InboxTypingFrame,
  InboxStateFrame,
  InboxNoteFrame,
]);
export type InboxFrame = z.infer<typeof InboxFrame>;

/** The exact ping text the inbox answers with `{"type":"pong"}` without waking its object. */
export const INBOX_PING = '{"type":"ping"}';
export const INBOX_PONG = '{"type":"pong"}';
