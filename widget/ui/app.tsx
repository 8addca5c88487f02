import { useEffect, useRef, useState } from 'preact/hooks';
import type { ServerFrame } from '../../shared/protocol';
import type { Strings } from '../i18n';
import { sendOverSse } from '../transport/sse';

export interface WidgetOptions {
  endpoint: string;
  siteKey: string;
  strings: Strings;
}

interface Line {
  id: string;
  role: 'visitor' | 'assistant' | 'error';
  text: string;
  streaming?: boolean;
}

function newId(): string {
  return `m_${crypto.randomUUID().replace(/-/g, '')}`;
}

function errorText(strings: Strings, code: string, message: string): string {
  if (message === 'network') return strings.errorNetwork;
  switch (code) {
    case 'rate_limited':
    case 'quota_exceeded':
      return strings.errorRate;
    case 'too_large':
      return strings.errorTooLong;
    case 'origin_not_allowed':
    case 'unauthorized':
      return strings.errorOrigin;
    case 'blocked_by_policy':
      return strings.errorBlocked;
    default:
      return strings.errorGeneric;
  }
}

export function App({ opts }: { opts: WidgetOptions }) {
  const s = opts.strings;
  const [open, setOpen] = useState(false);
  const [lines, setLines] = useState<Line[]>([{ id: 'welcome', role: 'assistant', text: s.welcome }]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const conversation = useRef<string | undefined>(undefined);
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const launcherRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  const onFrame = (replyId: string) => (frame: ServerFrame) => {
    if (frame.type === 'delta') {
      setLines((ls) => ls.map((l) => (l.id === replyId ? { ...l, text: l.text + frame.text } : l)));
    } else if (frame.type === 'done') {
      setLines((ls) => ls.map((l) => (l.id === replyId ? { ...l, streaming: false } : l)));
    } else if (frame.type === 'error') {
      setLines((ls) => [
        ...ls.filter((l) => !(l.id === replyId && l.text === '')),
        { id: newId(), role: 'error', text: errorText(s, frame.code, frame.message) },
      ]);
    }
  };

  const send = async (e: Event) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text || busy) return;
    const message = { id: newId(), text };
    const replyId = `${message.id}:r`;
    setDraft('');
    setBusy(true);
    setLines((ls) => [...ls, { id: message.id, role: 'visitor', text }, { id: replyId, role: 'assistant', text: '', streaming: true }]);
    conversation.current ??= newId();
    await sendOverSse({
      endpoint: opts.endpoint,
      siteKey: opts.siteKey,
      conversationId: conversation.current,
      message,
      signal: new AbortController().signal,
      onFrame: onFrame(replyId),
    });
    setLines((ls) => ls.map((l) => (l.id === replyId ? { ...l, streaming: false } : l)));
    setBusy(false);
  };

  const close = () => {
    setOpen(false);
    setTimeout(() => launcherRef.current?.focus(), 0);
  };

  if (!open) {
    return (
      <button ref={launcherRef} type="button" class="launcher" aria-label={s.open} onClick={() => setOpen(true)}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z" />
        </svg>
      </button>
    );
  }
  return (
    <div class="panel" role="dialog" aria-label={s.title} onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div class="head">
        <h2>{s.title}</h2>
        <button type="button" aria-label={s.close} onClick={close}>
          ×
        </button>
      </div>
      <div class="log" ref={logRef} role="log" aria-live="polite">
        {lines.map((l) =>
          l.role === 'assistant' && l.streaming && l.text === '' ? (
            <div key={l.id} class="msg assistant typing">
              {s.typing}
            </div>
          ) : (
            <div key={l.id} class={`msg ${l.role}`} data-role={l.role}>
              {l.text}
            </div>
          ),
        )}
      </div>
      <form onSubmit={send}>
        <label class="sr" for="parley-input">
          {s.inputLabel}
        </label>
        <textarea
          id="parley-input"
          ref={inputRef}
          rows={1}
          placeholder={s.placeholder}
          value={draft}
          maxLength={4000}
          onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) send(e);
          }}
        />
        <button type="submit" class="send" disabled={busy || draft.trim() === ''}>
          {s.send}
        </button>
      </form>
    </div>
  );
}
