import { useEffect, useRef, useState } from 'preact/hooks';
import { RTL, STRINGS } from '../i18n';
import type { Chat } from '../state/chat';
import { type Msg, replyId } from '../state/conversation';
import { Message } from './message';
import type { ViewStore } from './view';

export interface AppProps {
  chat: Chat;
  view: ViewStore;
  /** Welcome text per locale, from the site's config. */
  welcome: () => Record<string, string>;
  /** The site's longest accepted message (unknown until its config loads). */
  maxChars: () => number | undefined;
  launcher: boolean;
}

/** The widget: a launcher with an unread badge, and the chat panel (a labelled dialog). */
export function App({ chat, view, welcome, maxChars, launcher }: AppProps) {
  const [, bump] = useState(0);
  const render = () => bump((n) => n + 1);
  const [draft, setDraft] = useState('');
  const [vh, setVh] = useState(0);
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const back = useRef<Element | null>(null);
  const v = view.get();
  const conv = chat.store.get();
  const s = STRINGS[v.locale] ?? (STRINGS.en as NonNullable<typeof STRINGS.en>);

  useEffect(() => {
    const off = view.subscribe(render);
    chat.store.subscribe(render);
    chat.onLink(render);
    // Size the full-screen panel to the visible area, so the on-screen keyboard never pushes the page.
    const vv = globalThis.visualViewport;
    const fit = () => setVh(vv?.height ?? 0);
    vv?.addEventListener('resize', fit);
    return () => {
      off();
      vv?.removeEventListener('resize', fit);
    };
  }, []);
  useEffect(() => {
    if (v.open) {
      back.current = document.activeElement;
      inputRef.current?.focus();
    } else if (back.current) {
      const to = launcherRef.current ?? (back.current as HTMLElement);
      to.focus?.();
      back.current = null;
    }
  }, [v.open]);
  const last = conv.msgs[conv.msgs.length - 1];
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [v.open, conv.msgs.length, last?.text.length]);

  const submit = (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    chat.send(text);
  };
  const close = () => view.set({ open: false });
  const pending = conv.msgs.find((m) => m.role === 'visitor' && m.status === 'sending');
  const streaming = conv.msgs.find((m) => m.role === 'assistant' && m.status === 'streaming');
  const busyId = pending?.id ?? (streaming ? streaming.id.slice(0, -2) : undefined);
  const has = (m: Msg) => conv.msgs.some((r) => r.id === replyId(m.id));

  if (!v.open) {
    return launcher ? (
      <button
        ref={launcherRef}
        type="button"
        class="launcher"
        aria-label={v.unread ? `${s.open} (${v.unread} ${s.unread})` : s.open}
        onClick={() => view.set({ open: true })}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
        </svg>
        {v.unread > 0 && (
          <span class="badge" aria-hidden="true">
            {v.unread}
          </span>
        )}
      </button>
    ) : null;
  }
  return (
    <div
      class="panel"
      role="dialog"
      aria-label={s.title}
      lang={v.locale}
      dir={RTL.has(v.locale) ? 'rtl' : 'ltr'}
      style={vh ? { '--vh': `${vh}px` } : undefined}
      onKeyDown={(e) => e.key === 'Escape' && close()}
    >
      <div class="head">
        <h2>{s.title}</h2>
        <button type="button" aria-label={s.close} onClick={close}>
          ×
        </button>
      </div>
      {!chat.online() && <p class="note">{s.offline}</p>}
      {conv.handoff && <p class="note">{s.handoff}</p>}
      <div class="log" ref={logRef} role="log" aria-live="off">
        <div class="msg assistant">{welcome()[v.locale] ?? s.welcome}</div>
        {conv.msgs.map((m) => [
          <Message key={m.id} m={m} s={s} onRetry={() => chat.retry(m.id.slice(0, -2))} onRate={(r) => chat.rate(m.id.slice(0, -2), r)} />,
          m.role === 'visitor' && m.status === 'queued' && (
            <span key={`${m.id}q`} class="meta">
              {s.queued}
            </span>
          ),
          m.role === 'visitor' && m.status === 'sending' && !has(m) && (
            <div key={`${m.id}t`} class="msg assistant typing">
              {s.typing}
            </div>
          ),
        ])}
        {busyId && (
          <button type="button" class="stop" onClick={() => chat.stop(busyId)}>
            {s.stop}
          </button>
        )}
      </div>
      <div class="sr" aria-live="polite">
        {v.said}
      </div>
      <form onSubmit={submit}>
        <label class="sr" for="parley-input">
          {s.inputLabel}
        </label>
        <textarea
          id="parley-input"
          ref={inputRef}
          rows={1}
          placeholder={s.placeholder}
          value={draft}
          maxLength={maxChars() ?? 4000 /* MAX_MESSAGE_CHARS; a value import would pull zod into the bundle */}
          onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) submit(e);
          }}
        />
        <button type="submit" class="send" disabled={draft.trim() === ''}>
          {s.send}
        </button>
      </form>
    </div>
  );
}
