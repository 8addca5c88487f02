/**
 * The bot's turn inside a conversation: runs the turn pipeline for one accepted visitor message, emits its
 * events as numbered frames, stores the reply and hands off when the intent says so. Runs independently of
 * any client: a drop does not stop it, `stop` does.
 */
import type { z } from 'zod';
import type { SiteConfig } from '../../shared/config';
import type { AgentFrame, ClosedFrame, HandoffFrame, OfflineReceivedFrame, TurnEvent } from '../../shared/protocol';
import type { Scanners } from '../guards/scanners';
import type { CacheStatus } from '../pipeline/cache';
import { runTurn, type TurnPorts } from '../pipeline/turn';
import type { ConversationStore } from './store';
import type { Transcript } from './transcript';

/** A frame before the conversation numbers it. */
export type Unnumbered =
  | TurnEvent
  | Omit<z.infer<typeof AgentFrame>, 'seq'>
  | Omit<z.infer<typeof HandoffFrame>, 'seq'>
  | Omit<z.infer<typeof ClosedFrame>, 'seq'>
  | Omit<z.infer<typeof OfflineReceivedFrame>, 'seq'>;

/** What every part of the conversation object is given: its store, its frame emitter, its ids, `waitUntil`. */
export interface ObjectPorts {
  store: ConversationStore;
  /** Number, store and deliver a frame. */
  emit: (frame: Unnumbered) => void;
  ids: () => { siteKey: string; conversationId: string };
  waitUntil: (p: Promise<unknown>) => void;
}

export interface RunningTurnPorts {
  transcript: Transcript;
  emit: (frame: Unnumbered) => void;
  /** The turn's ports (see `turnPortsFor`), told the cache decision and sharing the door's PII scan. */
  turnPorts: (opts: { onCacheDecision: (s: CacheStatus) => void; piiScanner: Scanners['pii'] }) => TurnPorts;
  /** Called once the reply is stored, however the turn ended. */
  settled: (messageId: string) => void;
  /** Called after that when the routed intent asked for a human. */
  handoff: (messageId: string) => void;
}

/** One bot turn in flight. */
export class RunningTurn {
  readonly abort = new AbortController();
  stopped = false;
  /** Settles with the reply cache's decision before the turn's first frame (`bypass` when none was made). */
  readonly cacheDecision: Promise<CacheStatus>;
  private decide: (s: CacheStatus) => void = () => {};

  constructor(
    readonly messageId: string,
    private readonly cacheMode: 'default' | 'bypass',
  ) {
    this.cacheDecision = new Promise<CacheStatus>((resolve) => {
      this.decide = resolve;
    });
  }

  /** Cancel the turn; the upstream fetch is aborted and the turn ends `stopped`. */
  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  /** Run the turn over `text` (the raw message, masked by the pipeline) with the transcript's `context`. */
  async run(
    site: SiteConfig,
    conversationId: string,
    text: string,
    context: ReturnType<Transcript['context']>,
    pii: Scanners['pii'],
    ports: RunningTurnPorts,
    locale?: string,
    owner?: string,
  ): Promise<void> {
    const id = this.messageId;
    let reply = '';
    let finish: 'stop' | 'length' | 'stopped' | 'filtered' | undefined;
    let handoff = false;
    const vault = ports.transcript.vault;
    try {
      const events = runTurn(
        {
          site,
          conversationId,
          message: { id, text },
          history: context,
          signal: this.abort.signal,
          vault,
          cacheMode: this.cacheMode,
          ...(locale ? { locale } : {}),
          ...(owner ? { owner } : {}),
        },
        ports.turnPorts({ onCacheDecision: this.decide, piiScanner: pii }),
      );
      for await (let ev of events) {
        if (ev.type === 'error' && this.stopped) {
          ev = {
            type: 'done',
            messageId: id,
            finish: 'stopped',
            usage: { inputTokens: 0, outputTokens: Math.ceil(reply.length / 4), cachedInputTokens: 0, costUsd: 0, estimated: true },
          };
        }
        if (ev.type === 'meta' && ev.handoff) handoff = true;
        if (ev.type === 'delta') reply += ev.text;
        if (ev.type === 'done') finish = ev.finish;
        ports.emit(ev);
      }
    } catch (err) {
      ports.emit({ type: 'error', messageId: id, code: 'internal', message: 'Something went wrong on our side.', retryable: true });
      console.error(JSON.stringify({ level: 'error', where: 'conversation.runBot', name: (err as Error)?.name }));
    } finally {
      this.decide('bypass'); // no-op when the cache already decided
      ports.transcript.saveVault(vault);
      // Stored masked: the stream restored the visitor's own values for them, the transcript keeps placeholders.
      const entry = { role: 'assistant' as const, id, text: ports.transcript.maskReply(reply, vault, pii), at: Date.now() };
      ports.transcript.add(finish ? { ...entry, finish } : entry);
      ports.settled(id);
    }
    if (handoff) ports.handoff(id);
  }
}
