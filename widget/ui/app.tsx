import { Component, createRef } from 'preact';
import { RTL, type Strings, stringsFor } from '../i18n';
import type { Chat } from '../state/chat';
import { type Msg, questionId, replyId } from '../state/conversation';
import type { ViewStore } from '../view';
import { Away, ConfirmCard, fill, Survey } from './cards';
import { Message } from './message';

export interface AppProps {
  chat: Chat;
  view: ViewStore;
  /** Welcome text per locale, from the site's config. */
  welcome: () => Record<string, string>;
  /** The site's longest accepted message (unknown until its config loads). */
  maxChars: () => number | undefined;
  /** The loader's launcher button, where focus goes back when the panel closes (null when hidden). */
  launcher: HTMLButtonElement | null;
}

interface AppState {
  draft: string;
  /** Height of the visible area (0 until the on-screen keyboard or a zoom resizes it). */
  viewportHeight: number;
  /** The survey's chosen score (0: none yet). */
  score: number;
  /** The offline form's email was refused. */
  bad: boolean;
}

/**
 * The chat panel (a labelled dialog); the launcher beside it belongs to the loader. A class component:
 * Preact's core covers it, so the UI chunk carries no hooks module.
 */
export class App extends Component<AppProps, AppState> {
  override state: AppState = { draft: '', viewportHeight: 0, score: 0, bad: false };
  private readonly _log = createRef<HTMLDivElement>();
  private readonly _input = createRef<HTMLTextAreaElement>();
  private _focusBefore: Element | null = null;
  private _wasOpen = false;
  private _scrolledFor = '';
  /** Confirm cards whose lapse is already scheduled to repaint them. */
  private readonly _lapses = new Set<string>();
  private readonly _rerender = () => this.forceUpdate();
  // Size the full-screen panel to the visible area, so the on-screen keyboard never pushes the page.
  private readonly _fit = () => this.setState({ viewportHeight: globalThis.visualViewport?.height ?? 0 });

  override componentDidMount(): void {
    const { chat, view } = this.props;
    view.subscribe(this._rerender);
    chat.store.subscribe(this._rerender);
    chat.onLink(this._rerender);
    globalThis.visualViewport?.addEventListener('resize', this._fit);
    this._afterRender();
  }

  override componentDidUpdate(): void {
    this._afterRender();
  }

  /** Focus the input on open and give focus back on close; keep the newest message in sight. */
  private _afterRender(): void {
    const { open } = this.props.view.get();
    if (open !== this._wasOpen) {
      this._wasOpen = open;
      if (open) {
        this._focusBefore = document.activeElement;
        this._input.current?.focus();
      } else if (this._focusBefore) {
        const target = this.props.launcher ?? (this._focusBefore as HTMLElement);
        target.focus?.();
        this._focusBefore = null;
      }
    }
    const { msgs } = this.props.chat.store.get();
    for (const msg of msgs)
      if (msg.call && msg.ok === undefined && !this._lapses.has(msg.call) && (msg.until ?? 0) > Date.now()) {
        this._lapses.add(msg.call);
        setTimeout(this._rerender, (msg.until ?? 0) - Date.now() + 50);
      }
    const shown = `${open}.${msgs.length}.${msgs[msgs.length - 1]?.text.length}`;
    const log = this._log.current;
    if (log && shown !== this._scrolledFor) log.scrollTop = log.scrollHeight;
    this._scrolledFor = shown;
  }

  private readonly _submit = (event: Event) => {
    event.preventDefault();
    const text = this.state.draft.trim();
    if (!text) return;
    this.setState({ draft: '' });
    this.props.chat.send(text);
  };

  private readonly _close = () => this.props.view.set({ open: false });

  override render({ chat, view, welcome, maxChars }: AppProps, { draft, viewportHeight, score, bad }: AppState) {
    const { open, locale, said } = view.get();
    if (!open) return null;
    const conv = chat.store.get();
    const strings: Strings = stringsFor(locale, this._rerender);
    const pending = conv.msgs.find((msg) => msg.role === 'visitor' && msg.status === 'sending');
    const streaming = conv.msgs.find((msg) => msg.role === 'assistant' && msg.status === 'streaming');
    const busyId = pending?.id ?? (streaming ? questionId(streaming.id) : undefined);
    const hasReply = (msg: Msg) => conv.msgs.some((other) => other.id === replyId(msg.id));

    return (
      <div
        class="panel"
        role="dialog"
        aria-label={strings.title}
        lang={locale}
        dir={RTL.has(locale) ? 'rtl' : 'ltr'}
        style={viewportHeight ? { '--vh': `${viewportHeight}px` } : undefined}
        onKeyDown={(event) => event.key === 'Escape' && this._close()}
      >
        <div class="head">
          <h2>{strings.title}</h2>
          <button type="button" aria-label={strings.close} onClick={this._close}>
            ×
          </button>
        </div>
        {!chat.online() && <p class="note">{strings.offline}</p>}
        {conv.handoff && <p class="note">{strings.handoff}</p>}
        <div class="log" ref={this._log} role="log" aria-live="off">
          <div class="msg assistant">{welcome()[locale] ?? strings.welcome}</div>
          {conv.msgs.map((msg) => [
            msg.role === 'confirm' ? (
              <ConfirmCard key={msg.id} msg={msg} strings={strings} chat={chat} />
            ) : (
              <Message
                key={msg.id}
                msg={msg}
                strings={strings}
                onRetry={() => chat.retry(questionId(msg.id))}
                onRate={(rating) => chat.rate(questionId(msg.id), rating)}
              />
            ),
            msg.role === 'visitor' && msg.status === 'queued' && (
              <span key={`${msg.id}q`} class="meta">
                {strings.queued}
              </span>
            ),
            msg.role === 'visitor' && msg.status === 'sending' && !hasReply(msg) && (
              <div key={`${msg.id}t`} class="msg assistant typing">
                {strings.typing}
              </div>
            ),
          ])}
          {chat.live.status && (
            <p class="meta" role="status">
              {chat.live.status.text}
            </p>
          )}
          {chat.live.typing !== undefined && (
            <div class="msg agent typing">{fill(strings.agentTyping, chat.live.typing || strings.agent)}</div>
          )}
          {conv.away && !conv.handoff && (
            <Away conv={conv} strings={strings} locale={locale} chat={chat} bad={bad} setBad={(next) => this.setState({ bad: next })} />
          )}
          {/* Asked, or answered in this page view (the thanks is not shown again after a reload). */}
          {(conv.csat === 1 || (conv.csat === 2 && score > 0)) && (
            <Survey conv={conv} strings={strings} chat={chat} score={score} setScore={(next) => this.setState({ score: next })} />
          )}
          {busyId && (
            <button type="button" class="stop" onClick={() => chat.stop(busyId)}>
              {strings.stop}
            </button>
          )}
        </div>
        <div class="sr" aria-live="polite">
          {said}
        </div>
        <form onSubmit={this._submit}>
          <label class="sr" for="parley-input">
            {strings.inputLabel}
          </label>
          <textarea
            id="parley-input"
            ref={this._input}
            rows={1}
            placeholder={strings.placeholder}
            value={draft}
            maxLength={maxChars() ?? 4000 /* MAX_MESSAGE_CHARS; a value import would pull zod into the bundle */}
            onInput={(event) => {
              this.setState({ draft: (event.target as HTMLTextAreaElement).value });
              chat.typing();
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) this._submit(event);
            }}
          />
          <button type="submit" class="send" disabled={draft.trim() === ''}>
            {strings.send}
          </button>
        </form>
      </div>
    );
  }
}
