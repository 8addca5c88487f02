import type { Strings } from '../i18n';
import { link, renderMarkdown, safeHref } from '../markdown';
import type { Msg } from '../state/conversation';

interface Props {
  msg: Msg;
  strings: Strings;
  onRetry: () => void;
  onRate: (rating: 'up' | 'down') => void;
}

// Material "thumb up"; the down button shows it turned over (emoji fonts are not everywhere).
const THUMB =
  'M2 21h4V9H2zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 7.9 6 8.4 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1.2-.7z';

/** Which string explains a failed reply's error code. */
const ERROR_TEXT: Record<string, keyof Strings> = {
  network: 'errorNetwork',
  rate_limited: 'errorRate',
  quota_exceeded: 'errorRate',
  blocked_by_policy: 'errorBlocked',
};

/** One message: visitor text as typed, replies as safe markdown, agents labelled, errors with Retry. */
export function Message({ msg, strings, onRetry, onRate }: Props) {
  if (msg.role === 'visitor') {
    return (
      <div class="msg visitor" data-role="visitor" dir="auto">
        {msg.text}
      </div>
    );
  }
  const failed = msg.status === 'failed';
  return (
    <>
      {/* A reply that ended with no words (it only asked for a confirmation, or was stopped at once) shows none. */}
      {(msg.text || msg.status === 'streaming') && (
        <div class={`msg ${msg.role}`} data-role={msg.role} dir="auto">
          {msg.role === 'agent' && <span class="who">{msg.name ?? strings.agent}</span>}
          {msg.text ? renderMarkdown(msg.text) : <span class="typing">{strings.typing}</span>}
          {msg.sources?.map((source) => {
            // A link only to the host page's own origin (one of the site's: the widget runs nowhere else); else the title.
            const href = source.url && safeHref(source.url);
            const label = `[${source.n}] ${source.title}`;
            return <p>{href?.startsWith(`${location.origin}/`) ? link(href, label) : label}</p>;
          })}
          {msg.role === 'assistant' && msg.status === 'done' && msg.text && (
            <div class="acts">
              {(['up', 'down'] as const).map((rating) => (
                <button
                  key={rating}
                  type="button"
                  aria-label={strings[rating]}
                  aria-pressed={msg.rating === rating}
                  onClick={() => onRate(rating)}
                >
                  <svg viewBox="0 0 24 24" aria-hidden="true">
                    <path d={THUMB} />
                  </svg>
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      {failed && (
        <div class="msg err" role="alert">
          <span>{strings[ERROR_TEXT[msg.code ?? ''] ?? 'errorGeneric']}</span>
          {msg.retryable !== false && (
            <button type="button" onClick={onRetry}>
              {strings.retry}
            </button>
          )}
        </div>
      )}
    </>
  );
}
