/** Conversations waiting for a human: the masked transcript, an agent reply, hand back to the bot. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';

interface Waiting {
  siteKey: string;
  conversationId: string;
  reason: string;
  since: number;
}
interface Transcript {
  handoff: boolean;
  history: { role: string; id: string; text: string; at: number }[];
}

export function Conversations() {
  const [list, setList] = useState<Waiting[]>([]);
  const [open, setOpen] = useState<Waiting | null>(null);
  const [transcript, setTranscript] = useState<Transcript | null>(null);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const load = () =>
    api<{ conversations: Waiting[] }>('/admin/api/conversations?state=handoff')
      .then((r) => setList(r.conversations))
      .catch((e: Error) => setStatus(e.message));
  const show = (w: Waiting) => {
    setOpen(w);
    api<Transcript>(`/admin/api/conversations/${encodeURIComponent(w.conversationId)}?siteKey=${encodeURIComponent(w.siteKey)}`)
      .then(setTranscript)
      .catch((e: Error) => setStatus(e.message));
  };
  useEffect(() => {
    load();
  }, []);
  const send = async (e: Event) => {
    e.preventDefault();
    if (!open) return;
    await api(`/admin/api/conversations/${encodeURIComponent(open.conversationId)}/messages`, {
      method: 'POST',
      body: { siteKey: open.siteKey, text },
    }).catch((err: Error) => setStatus(err.message));
    setText('');
    show(open);
  };
  const handBack = async () => {
    if (!open) return;
    await api(`/admin/api/conversations/${encodeURIComponent(open.conversationId)}/handback`, {
      method: 'POST',
      body: { siteKey: open.siteKey },
    });
    setOpen(null);
    setTranscript(null);
    load();
  };
  return (
    <section aria-labelledby="conv-h">
      <header class="row">
        <h2 id="conv-h">Waiting for a human</h2>
        <button type="button" class="secondary" onClick={load}>
          Refresh
        </button>
      </header>
      {status && <p role="alert">{status}</p>}
      {list.length === 0 && <p class="muted">No conversation is waiting.</p>}
      <ul class="waiting">
        {list.map((w) => (
          <li key={w.conversationId}>
            <button type="button" class="link" onClick={() => show(w)}>
              {w.siteKey} · {w.conversationId}
            </button>{' '}
            <span class="muted">
              {w.reason}, since {new Date(w.since).toLocaleTimeString()}
            </span>
          </li>
        ))}
      </ul>
      {open && transcript && (
        <div class="transcript">
          <h3>Conversation {open.conversationId}</h3>
          <ol>
            {transcript.history.map((m) => (
              <li key={m.id} class={m.role}>
                <strong>{m.role}</strong> {m.text}
              </li>
            ))}
          </ol>
          <form onSubmit={send} class="row">
            <label for="agent-text">Reply</label>
            <input id="agent-text" value={text} onInput={(e) => setText(e.currentTarget.value)} />
            <button type="submit" disabled={!text.trim()}>
              Send
            </button>
            <button type="button" class="secondary" onClick={handBack}>
              Hand back to the bot
            </button>
          </form>
        </div>
      )}
    </section>
  );
}
