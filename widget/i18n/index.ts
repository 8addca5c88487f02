/**
 * The chat panel's strings, one set per locale of `./launcher.ts` (which picks the locale: `data-locale` /
 * `setLocale`, then the site config, then the page's `lang`, then English). Arabic proves the right-to-left layout.
 */
import type { Locale } from './launcher';

/** The keys of a locale's table, in the order every table (`en` below, `./zh.ts`, `./ar.ts`) lists its strings. */
const KEYS = [
  'close',
  'title',
  'placeholder',
  'send',
  'inputLabel',
  'typing',
  'errorGeneric',
  'errorNetwork',
  'errorRate',
  'errorBlocked',
  'retry',
  'welcome',
  'stop',
  'offline',
  'queued',
  'up',
  'down',
  'handoff',
  'agent',
  'agentTyping',
  'away',
  'busy',
  'leave',
  'email',
  'emailBad',
  'left',
  'csat',
  'score',
  'comment',
  'thanks',
  'confirm',
  'approve',
  'decline',
  'approved',
  'declined',
  'expired',
  'note',
] as const;

export type Strings = Record<(typeof KEYS)[number], string>;

/** A locale's strings, given in `KEYS` order: the keys are written once, not once per locale. */
export const table = (texts: string[]): Strings => Object.fromEntries(KEYS.map((key, index) => [key, texts[index]])) as Strings;

/** English: the fallback, shown too while another locale's table is on its way. */
export const en = table([
  'Close chat', // close
  'Support', // title
  'Type your question…', // placeholder
  'Send', // send
  'Your message', // inputLabel
  'Assistant is typing…', // typing
  'Sorry, something went wrong. Please try again.', // errorGeneric
  'You seem to be offline. We will retry when the connection is back.', // errorNetwork
  'You are sending messages too quickly. Please wait a moment.', // errorRate
  'Sorry, I can’t help with that request.', // errorBlocked
  'Retry', // retry
  'Hi! How can we help?', // welcome
  'Stop generating', // stop
  'You are offline. Messages will be sent when the connection is back.', // offline
  'Waiting to send', // queued
  'Helpful', // up
  'Not helpful', // down
  'A member of our team will join this conversation.', // handoff
  'Support agent', // agent
  '{} is typing…', // agentTyping
  'We’re away right now. We’re back {}.', // away
  'No one from our team is free right now.', // busy
  'Leave your email and a message, and we’ll get back to you.', // leave
  'Your email', // email
  'Please enter a valid email address.', // emailBad
  'Thanks! We’ll reply by email.', // left
  'How would you rate this conversation?', // csat
  '{} out of 5', // score
  'Comment (optional)', // comment
  'Thanks for your feedback!', // thanks
  'Please confirm', // confirm
  'Approve', // approve
  'Decline', // decline
  'Approved', // approved
  'Declined', // declined
  'This request has expired.', // expired
  'Message for our team', // note
]);

/** The other locales' tables, each its own chunk: a visitor downloads only the one they read. */
const TABLES = { zh: () => import('./zh'), ar: () => import('./ar') } satisfies Record<Exclude<Locale, 'en'>, unknown>;
const loaded: Record<string, Strings> = { en };
const requested: Record<string, Promise<void>> = {};

/** Fetch a locale's table, once; resolves when it is usable, or failed and English stands in for the page's life. */
export function loadStrings(locale: string): Promise<void> {
  const load = (TABLES as Record<string, () => Promise<{ default: string[] }>>)[locale];
  if (!load) return Promise.resolve();
  requested[locale] ??= load().then(
    (module) => {
      loaded[locale] = table(module.default);
    },
    () => undefined,
  );
  return requested[locale];
}

/** The panel's strings for a locale as far as they have arrived (English until then; `onLoad` runs when they do). */
export function stringsFor(locale: string, onLoad: () => void): Strings {
  if (!loaded[locale] && !requested[locale]) loadStrings(locale).then(onLoad);
  return loaded[locale] ?? en;
}

export const RTL = new Set(['ar', 'he', 'fa', 'ur']);
