import type { Strings } from '../i18n';
import { renderMarkdown } from '../markdown';
import type { Msg } from '../state/conversation';

interface Props {
  m: Msg;
  s: Strings;
  onRetry: () => void;
  onRate: (r: 'up' | 'down') => void;
}

function errorText(s: Strings, code: string | undefined): string {
  switch (code) {
    case 'network':
      return s.errorNetwork;
    case 'rate_limited':
    case 'quota_exceeded':
      return s.errorRate;
    case 'too_large':
      return s.errorTooLong;
    case 'origin_not_allowed':
    case 'unauthorized':
      return s.errorOrigin;
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
      <div class="msg visitor" data-role="visitor">
        {m.text}
      </div>
    );
  }
  const failed = m.status === 'failed';
  return (
    <>
      {(m.text || !failed) && (
        <div class={`msg ${m.role}`} data-role={m.role}>
          {m.role === 'agent' && <span class="who">{m.name ?? s.agent}</span>}
          {m.text ? renderMarkdown(m.text) : <span class="typing">{s.typing}</span>}
          {m.role === 'assistant' && m.status === 'done' && m.text && (
            <div class="acts">
              {(['up', 'down'] as const).map((r) => (
                <button key={r} type="button" aria-label={s[r]} aria-pressed={m.rating === r} onClick={() => onRate(r)}>
                  {r === 'up' ? '👍' : '👎'}
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
