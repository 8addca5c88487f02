/** Reading a live SSE response in workerd tests. */
import type { ServerFrame } from '../../shared/protocol';

export interface SseFrame {
  id: string | undefined;
  frame: ServerFrame;
}

/** Reads SSE blocks off a live body; `next` waits for the first unread frame matching `pred`. */
export function followSse(res: Response) {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const dec = new TextDecoder();
  let buf = '';
  const frames: { id: string | undefined; frame: ServerFrame }[] = [];
  let read = 0;
  const pump = async (): Promise<void> => {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buf += dec.decode(value, { stream: true });
    let end = buf.indexOf('\n\n');
    while (end >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data) frames.push({ id: /^id: (\d+)$/m.exec(block)?.[1], frame: JSON.parse(data) as ServerFrame });
      end = buf.indexOf('\n\n');
    }
  };
  return {
    frames,
    async next(pred: (f: ServerFrame) => boolean): Promise<{ id: string | undefined; frame: ServerFrame }> {
      for (;;) {
        while (read < frames.length) {
          const f = frames[read++];
          if (f && pred(f.frame)) return f;
        }
        await pump();
      }
    },
    cancel: () => reader.cancel(),
  };
}
