/**
 * The panel's cards besides messages: an action waiting for the visitor's confirmation, the closed-desk notice
 * with the offline form, and the satisfaction survey. Their fields are the DOM's own (read on submit), so the
 * panel keeps only what changes the picture: the chosen score and whether the email was refused.
 */
import type { Strings } from '../i18n';
import type { Chat } from '../state/chat';
import type { Conv, Msg } from '../state/conversation';
import { cardState, offlineProblem, openingTime } from '../state/desk';

/** A string with its `{}` filled in. */
export const fill = (text: string, value: string | number): string => text.replace('{}', String(value));

/** An action that waits for the visitor: Approve / Decline, both disabled once answered or lapsed. */
export function ConfirmCard({ msg, strings, chat }: { msg: Msg; strings: Strings; chat: Chat }) {
  const state = cardState(msg, Date.now());
  return (
    <fieldset class="msg card" dir="auto">
      <legend>{strings.confirm}</legend>
      <p>{msg.text}</p>
      <div class="acts">
        {([true, false] as const).map((approve) => (
          <button
            key={String(approve)}
            type="button"
            class="btn"
            disabled={state !== 'open'}
            aria-pressed={msg.ok === approve}
            onClick={() => chat.answer(msg.call ?? '', approve)}
          >
            {approve ? strings.approve : strings.decline}
          </button>
        ))}
      </div>
      {state !== 'open' && <p class="meta">{strings[state]}</p>}
    </fieldset>
  );
}

interface DeskProps {
  conv: Conv;
  strings: Strings;
  locale: string;
  chat: Chat;
  /** The email was refused; its error is shown and announced. */
  bad: boolean;
  setBad: (bad: boolean) => void;
}

/** No person can answer now: when the desk opens (in the visitor's locale and time zone) and the offline form. */
export function Away({ conv, strings, locale, chat, bad, setBad }: DeskProps) {
  const next = conv.away?.next;
  const when = next && openingTime(next, locale);
  const submit = (event: Event) => {
    event.preventDefault();
    const field = (name: string) => (event.target as HTMLFormElement).elements.namedItem(name) as HTMLInputElement;
    const problem = offlineProblem(field('email').value, field('text').value);
    setBad(problem === 'email');
    if (problem) field(problem).focus();
    else chat.leave(field('email').value.trim(), field('text').value.trim());
  };
  return (
    <section class="msg card" aria-label={strings.leave}>
      <p>{when ? fill(strings.away, when) : strings.busy}</p>
      {conv.left === 2 ? (
        <p role="status">{strings.left}</p>
      ) : (
        <form class="fields" noValidate onSubmit={submit}>
          <p>{strings.leave}</p>
          <label for="parley-email">{strings.email}</label>
          <input
            id="parley-email"
            name="email"
            type="email"
            autocomplete="email"
            aria-invalid={bad}
            aria-describedby={bad ? 'parley-email-bad' : undefined}
          />
          {bad && (
            <p id="parley-email-bad" class="bad" role="alert">
              {strings.emailBad}
            </p>
          )}
          <label for="parley-note">{strings.note}</label>
          <textarea id="parley-note" name="text" rows={3} required maxLength={4000} />
          <button type="submit" class="btn" disabled={conv.left === 1}>
            {strings.send}
          </button>
        </form>
      )}
    </section>
  );
}

/** The conversation was closed: a 1–5 rating (five toggle buttons) with an optional comment, asked once. */
export function Survey({
  conv,
  strings,
  chat,
  score,
  setScore,
}: Omit<DeskProps, 'bad' | 'setBad' | 'locale'> & { score: number; setScore: (score: number) => void }) {
  if (conv.csat === 2)
    return (
      <p class="meta" role="status">
        {strings.thanks}
      </p>
    );
  const submit = (event: Event) => {
    event.preventDefault();
    const comment = ((event.target as HTMLFormElement).elements.namedItem('comment') as HTMLTextAreaElement).value.trim();
    if (score) chat.survey(score, comment);
  };
  return (
    <form class="msg card fields" onSubmit={submit}>
      <fieldset>
        <legend>{strings.csat}</legend>
        <div class="acts">
          {[1, 2, 3, 4, 5].map((value) => (
            <button
              key={value}
              type="button"
              class="btn"
              aria-label={fill(strings.score, value)}
              aria-pressed={score === value}
              onClick={() => setScore(value)}
            >
              {value}
            </button>
          ))}
        </div>
      </fieldset>
      <label for="parley-comment">{strings.comment}</label>
      <textarea id="parley-comment" name="comment" rows={2} maxLength={1000} />
      <button type="submit" class="btn" disabled={!score}>
        {strings.send}
      </button>
    </form>
  );
}
