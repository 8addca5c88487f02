/**
 * The agents' inbox: one live WebSocket (see inbox/socket.ts) keeps the waiting list, the open transcript,
 * typing and desk state current without a reload; unread counts and a title badge say what is new. An agent
 * claims, releases, closes or hands a conversation back to the bot, replies (typing is sent while they
 * type), writes internal notes and, where the site allows, reveals a message's personal data.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationView, InboxFrame, WaitingRow } from '../../../shared/inbox';
import { api } from '../api';
import { Composer } from './inbox/composer';
import { ContextPanel } from './inbox/context-panel';
import { WaitingList } from './inbox/list';
import { EMPTY, type InboxState, keyOf, opened, reduce, titleFor, totalUnread, withList } from './inbox/model';
import { useInboxSocket } from './inbox/socket';
import { TranscriptView } from './inbox/transcript';
import './inbox/inbox.css';

const path = (r: { conversationId: string }, action = '') => `/admin/api/conversations/${encodeURIComponent(r.conversationId)}${action}`;

const STATE_LABEL = { waiting: 'waiting for an agent', claimed: 'claimed', closed: 'closed', bot: 'with the bot' } as const;

export function Conversations() {
  const [state, setState] = useState<InboxState>(EMPTY);
  const [status, setStatus] = useState('');
  const current = useRef(state);
  current.current = state;
  const load = () =>
    api<{ conversations: WaitingRow[] }>('/admin/api/conversations?state=handoff')
      .then((r) => setState((s) => withList(s, r.conversations)))
      .catch((e: Error) => setStatus(e.message));
  const fetchView = (r: { siteKey: string; conversationId: string }) =>
    api<ConversationView>(`${path(r)}?siteKey=${encodeURIComponent(r.siteKey)}`);
  const show = (r: { siteKey: string; conversationId: string }) =>
    fetchView(r)
      .then((v) => setState((s) => opened(s, keyOf(r), v)))
      .catch((e: Error) => setStatus(e.message));
  const onFrame = (f: InboxFrame) => {
    setState((s) => reduce(s, f));
    // A claim or close elsewhere changes what this agent may do: read the open conversation again.
    if (f.type === 'state' && current.current.open === keyOf(f)) show(f);
  };
  const live = useInboxSocket(onFrame, () => {
    load();
    const v = current.current.view;
    if (v) show(v);
  });
  const unread = totalUnread(state);
  useEffect(() => {
    document.title = titleFor(unread);
  }, [unread]);
  useEffect(
    () => () => {
      document.title = titleFor(0);
    },
    [],
  );

  const view = state.view;
  const act = async (action: string, body: Record<string, unknown> = {}) => {
    if (!view) return;
    setStatus('');
    try {
      await api(path(view, `/${action}`), { method: 'POST', body: { siteKey: view.siteKey, ...body } });
      if (action !== 'messages' && action !== 'notes') await show(view);
    } catch (e) {
      setStatus((e as Error).message);
    }
  };
  const typing = (active: boolean) => {
    if (view) api(path(view, '/typing'), { method: 'POST', body: { siteKey: view.siteKey, active } }).catch(() => {});
  };
  const reveal = async (messageId: string) => {
    if (!view) return '';
    const r = await api<{ text: string }>(path(view, '/reveal'), { method: 'POST', body: { siteKey: view.siteKey, messageId } });
    return r.text;
  };
  const held = view?.state === 'claimed' || view?.state === 'waiting';
  return (
    <section aria-labelledby="conv-h" class="inbox">
      <header class="row">
        <h2 id="conv-h">Inbox</h2>
        <span class={`live ${live}`} role="status">
          {live === 'live' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Offline, reconnecting…'}
        </span>
      </header>
      {status && <p role="alert">{status}</p>}
      <div class="inbox-grid">
        <nav aria-label="Waiting for a human">
          <h3>Waiting for a human</h3>
          <WaitingList rows={state.rows} open={state.open} onOpen={show} />
        </nav>
        {view ? (
          <>
            <article class="inbox-conversation" aria-labelledby="open-h">
              <h3 id="open-h">
                Conversation {view.conversationId.slice(0, 8)} <small>({view.siteKey})</small>
              </h3>
              <p class="muted" data-testid="desk-state">
                {STATE_LABEL[view.state]}
                {view.claimedBy ? ` by ${view.claimedBy}` : ''}
              </p>
              <div class="row actions">
                {view.state !== 'claimed' && (
                  <button type="button" onClick={() => act('claim')}>
                    Claim
                  </button>
                )}
                {view.state === 'claimed' && (
                  <button type="button" class="secondary" onClick={() => act('release')}>
                    Release
                  </button>
                )}
                <button type="button" class="secondary" onClick={() => act('bot')} disabled={!held}>
                  Hand back to the bot
                </button>
                <button type="button" class="secondary" onClick={() => act('close')} disabled={view.state === 'closed'}>
                  Close
                </button>
              </div>
              <TranscriptView messages={view.messages} canReveal={view.canReveal} onReveal={reveal} />
              {state.agentsTyping.length > 0 && <p class="muted">{state.agentsTyping.join(', ')} typing…</p>}
              <Composer onSend={(text) => act('messages', { text })} onTyping={typing} disabled={view.state === 'closed'} />
            </article>
            <ContextPanel view={view} onNote={(text) => act('notes', { text })} />
          </>
        ) : (
          <p class="muted">Choose a conversation.</p>
        )}
      </div>
    </section>
  );
}
