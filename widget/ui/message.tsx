import type { Strings } from '../i18n';
import { renderMarkdown } from '../markdown';
import type { Msg } from '../state/conversation';

interface Props {
  m: Msg;
  s: Strings;
  onRetry: () => void;
  onRate: (r: 'up' | 'down') => void;
}

// Material "thumb up"; the down button shows it turned over (emoji fonts are not everywhere).
const THUMB =
  'M2 21h4V9H2zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 7.9 6 8.4 6 9v10a2 2 0 0 0 2 2h9c.8 0 1.5-.5 1.8-1.2l3-7.1.2-.7z';

function errorText(s: Strings, code: string | undefined): string {
  switch (code) {
    case 'network':
      return s.errorNetwork;
    case 'rate_limited':
    case 'quota_exceeded':
      return s.errorRate;
    case 'blocked_by_policy':
      return s.errorBlocked;
    default:
      return s.errorGeneric;
  }
}

/** One message: visitor text as typed, replies as safe markdown, agents labelled, errors with Retry. */
export function Message({ m, s, onRetry, onRate }: Props) {
  if (m.role === 'visitor') {
    return (
      <div class="msg visitor" data-role="visitor" dir="auto">
        {m.text}
      </div>
    );
  }
  const failed = m.status === 'failed';
  return (
    <>
      {(m.text || !failed) && (
        <div class={`msg ${m.role}`} data-role={m.role} dir="auto">
          {m.role === 'agent' && <span class="who">{m.name ?? s.agent}</span>}
          {m.text ? renderMarkdown(m.text) : <span class="typing">{s.typing}</span>}
          {m.role === 'assistant' && m.status === 'done' && m.text && (
            <div class="acts">
              {(['up', 'down'] as const).map((r) => (
                <button key={r} type="button" aria-label={s[r]} aria-pressed={m.rating === r} onClick={() => onRate(r)}>
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
          <span>{errorText(s, m.code)}</span>
          {m.retryable !== false && (
            <button type="button" onClick={onRetry}>
              {s.retry}
            </button>
          )}
        </div>
      )}
    </>
  );
}
