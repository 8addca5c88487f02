/** The context panel: who the visitor is (verified when the site signed it), where they were, what was routed, the summary and the notes. */
import { useState } from 'preact/hooks';
import type { ConversationView } from '../../../../shared/inbox';

export function ContextPanel(props: { view: ConversationView; onNote: (text: string) => Promise<void> }) {
  const { context, summary, notes } = props.view;
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const add = async (e: Event) => {
    e.preventDefault();
    try {
      await props.onNote(note.trim());
      setNote('');
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const id = context.identity;
  return (
    <section class="inbox-context" aria-labelledby="ctx-h">
      <h3 id="ctx-h">Context</h3>
      <dl>
        <dt>Visitor</dt>
        <dd>
          {id ? (
            <>
              {id.name ?? id.sub}
              {id.email ? ` · ${id.email}` : ''} <span class="verified">verified</span>
            </>
          ) : (
            'anonymous'
          )}
        </dd>
        <dt>Locale</dt>
        <dd>{context.locale ?? 'unknown'}</dd>
        <dt>Page</dt>
        <dd class="page">{context.page ?? 'unknown'}</dd>
        <dt>Intents</dt>
        <dd>{context.intents.length > 0 ? context.intents.join(', ') : 'none'}</dd>
      </dl>
      <h3>Summary</h3>
      {summary ? (
        <p class="summary" data-kind={summary.kind}>
          {summary.text}
        </p>
      ) : (
        <p class="muted">No summary yet.</p>
      )}
      <h3>Internal notes</h3>
      <p class="muted">Only agents see these.</p>
      <ul class="notes">
        {notes.map((n) => (
          <li key={n.id}>
            <strong>{n.author}</strong> {n.text}
          </li>
        ))}
      </ul>
      <form onSubmit={add}>
        <label for="note-text">Internal note</label>
        <textarea id="note-text" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <button type="submit" class="secondary" disabled={!note.trim()}>
          Add note
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </section>
  );
}
