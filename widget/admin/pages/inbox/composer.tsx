/** The agent's reply box: sends `typing` while the agent types (once on start, again after a pause, off on send or idle). */
import { useEffect, useRef, useState } from 'preact/hooks';

/** The agent counts as stopped typing after this long without a keystroke. */
const IDLE_MS = 3000;

export function Composer(props: { onSend: (text: string) => Promise<void>; onTyping: (active: boolean) => void; disabled: boolean }) {
  const [text, setText] = useState('');
  const typing = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout>>();
  const stop = () => {
    clearTimeout(idle.current);
    if (typing.current) props.onTyping(false);
    typing.current = false;
  };
  useEffect(() => stop, []);
  const onInput = (value: string) => {
    setText(value);
    if (!typing.current && value.trim()) {
      typing.current = true;
      props.onTyping(true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE_MS);
  };
  const send = async (e: Event) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    stop();
    await props.onSend(value);
    setText('');
  };
  return (
    <form onSubmit={send} class="inbox-composer">
      <label for="agent-text">Reply</label>
      <textarea
        id="agent-text"
        rows={3}
        value={text}
        disabled={props.disabled}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) send(e);
        }}
      />
      <button type="submit" disabled={props.disabled || !text.trim()}>
        Send
      </button>
    </form>
  );
}
