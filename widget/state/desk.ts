/**
 * The conversation's one-time exchanges with the desk, as pure changes to the stored conversation: a person
 * cannot come (closed desk, nobody claimed in time) and the offline message left meanwhile, an action waiting
 * for the visitor's confirmation, and the satisfaction survey once the conversation is closed.
 */
import type { ServerFrame } from '../../shared/protocol';
import { baseId, type Conv, type Msg, patch } from './conversation';

/** The id a confirm card is kept under (one per call). */
export const cardId = (callId: string): string => `c:${callId}`;

/** The stored conversation after a desk frame (`handoff`, `confirm`, `closed`, `offline_received`); others leave it. */
export function deskFrame(conv: Conv, frame: ServerFrame, now: number): Conv {
  switch (frame.type) {
    case 'handoff': {
      // The message that asked for a person is answered by a human later: it is delivered, not pending.
      const next = frame.messageId ? patch(conv, baseId(frame.messageId), { status: 'done' }) : conv;
      // `open: false`: no person can come now; one who joins ends that, a later bot-side change keeps it.
      const away = frame.open === false ? { next: frame.nextOpen, why: frame.reason } : conv.away;
      return { ...next, away: frame.active ? undefined : away };
    }
    case 'confirm': {
      const card: Omit<Msg, 'id'> = {
        role: 'confirm',
        text: frame.summary,
        at: now,
        status: 'done',
        call: frame.callId,
        until: frame.expiresAt,
      };
      // A replayed question never resets an answer already given.
      return patch(conv, cardId(frame.callId), {}, card);
    }
    case 'closed':
      return { ...conv, handoff: false, away: undefined, csat: frame.survey ? (conv.csat ?? 1) : conv.csat };
    case 'offline_received':
      return { ...conv, left: 2 };
    default:
      return conv;
  }
}

/** The visitor's answer to a confirm card; the version bump makes it win a merge with another tab's unanswered copy. */
export const answered = (conv: Conv, callId: string, approve: boolean): Conv => patch(conv, cardId(callId), { ok: approve, v: 1 });

/** Where a confirm card stands: waiting for an answer, answered, or lapsed unanswered. */
export function cardState(msg: Msg, now: number): 'open' | 'approved' | 'declined' | 'expired' {
  if (msg.ok !== undefined) return msg.ok ? 'approved' : 'declined';
  return now > (msg.until ?? 0) ? 'expired' : 'open';
}

/** When the desk opens, in the visitor's locale and time zone (e.g. "Mon, Dec 7, 9:00 AM"). */
export function openingTime(next: number, locale: string, timeZone?: string): string {
  return new Date(next).toLocaleString(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  });
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Whether an offline message can be sent: a plausible email (the server checks it properly) and some text. */
export function offlineProblem(email: string, text: string): 'email' | 'text' | null {
  if (!EMAIL.test(email.trim()) || email.trim().length > 254) return 'email';
  return text.trim() ? null : 'text';
}
