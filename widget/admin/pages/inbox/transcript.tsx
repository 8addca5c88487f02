/**
 * A conversation's transcript for agents: author and time on every entry, replies rendered with the widget's
 * safe Markdown (text nodes only, http(s)/mailto links), the visitor's text as typed, and PII as placeholders
 * unless the site lets agents reveal a message (each reveal is audited by the server).
 */
import { useState } from 'preact/hooks';
import type { InboxMessage } from '../../../../shared/inbox';
import { renderMarkdown } from '../../../markdown';

const PLACEHOLDER = /\[[A-Z_]+_\d+\]/;

function author(m: InboxMessage): string {
  if (m.role === 'visitor') return 'Visitor';
  if (m.role === 'assistant') return 'Assistant';
  return m.name ?? 'Agent';
}

const clock = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function TranscriptView(props: { messages: InboxMessage[]; canReveal: boolean; onReveal: (messageId: string) => Promise<string> }) {
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const reveal = async (id: string) => {
    try {
      const text = await props.onReveal(id);
      setRevealed((r) => ({ ...r, [id]: text }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <>
      {error && <p role="alert">{error}</p>}
      <ol class="inbox-transcript" aria-label="Transcript">
        {props.messages.map((m) => {
          const text = revealed[m.id] ?? m.text;
          return (
            <li key={m.id} class={`msg ${m.role}`} data-role={m.role}>
              <header>
                <strong>{author(m)}</strong> <time dateTime={new Date(m.at).toISOString()}>{clock(m.at)}</time>
              </header>
              <div class="body">{m.role === 'visitor' ? <p>{text}</p> : renderMarkdown(text)}</div>
              {props.canReveal && m.role === 'visitor' && revealed[m.id] === undefined && PLACEHOLDER.test(m.text) && (
                <button type="button" class="link" onClick={() => reveal(m.id)}>
                  Reveal personal data
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
