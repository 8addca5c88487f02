/**
 * The console's one inbox WebSocket: a one-use ticket over HTTP (bearer header), then the socket with that
 * ticket, so the admin token never goes in a URL. It reconnects with capped, jittered exponential backoff
 * and pings so a dead connection is noticed; each (re)connect calls `onOpen` so the page reloads its list.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { InboxFrame } from '../../../../shared/inbox';
import { api } from '../../api';

export type SocketState = 'connecting' | 'live' | 'offline';

const PING_MS = 25_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 15_000;

/** The delay before reconnect attempt `n` (0-based): full jitter over an exponential cap. */
export function backoffMs(n: number, random: () => number = Math.random): number {
  const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** n);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

function wsUrl(ticket: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/admin/api/inbox/ws?ticket=${encodeURIComponent(ticket)}`;
}

/** Hold the inbox socket while mounted; frames go to `onFrame` (the latest callback is always used). */
export function useInboxSocket(onFrame: (f: InboxFrame) => void, onOpen: () => void): SocketState {
  const [state, setState] = useState<SocketState>('connecting');
  const handlers = useRef({ onFrame, onOpen });
  handlers.current = { onFrame, onOpen };
  useEffect(() => {
    let stopped = false;
    let ws: WebSocket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let attempt = 0;
    const again = () => {
      if (stopped) return;
      setState('offline');
      retry = setTimeout(connect, backoffMs(attempt++));
    };
    const connect = async () => {
      if (stopped) return;
      setState('connecting');
      let ticket: string;
      try {
        ticket = (await api<{ ticket: string }>('/admin/api/inbox/ticket', { method: 'POST', body: {} })).ticket;
      } catch {
        return again();
      }
      if (stopped) return;
      const socket = new WebSocket(wsUrl(ticket), ['parley-inbox']);
      ws = socket;
      socket.onmessage = (e) => {
        const frame = JSON.parse(String(e.data)) as InboxFrame;
        if (frame.type === 'ready') {
          attempt = 0;
          setState('live');
          handlers.current.onOpen();
        }
        handlers.current.onFrame(frame);
      };
      socket.onclose = () => {
        clearInterval(ping);
        if (ws === socket) again();
      };
      ping = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send('{"type":"ping"}'), PING_MS);
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(ping);
      ws?.close();
    };
  }, []);
  return state;
}
