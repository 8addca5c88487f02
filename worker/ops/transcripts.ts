/**
 * The port through which privacy operations reach conversation transcripts. Transcripts live in the
 * conversation Durable Objects (another module); it supplies an implementation, and until then the
 * operations cover the audit rows only.
 */
export interface TranscriptMessage {
  conversationId: string;
  role: string;
  text: string;
  at: number;
}

export interface TranscriptStore {
  /** Delete a site's transcript messages older than `cutoff` (ms); returns how many were removed. */
  purgeOlderThan(site: string, cutoff: number): Promise<number>;
  /** Everything kept about one visitor, for a data export. */
  exportVisitor(site: string, visitorId: string): Promise<TranscriptMessage[]>;
  /** Delete everything kept about one visitor; returns how many messages were removed. */
  deleteVisitor(site: string, visitorId: string): Promise<number>;
}

/** The store used while no Durable Object implementation is wired: holds nothing. */
export const noTranscripts: TranscriptStore = {
  purgeOlderThan: async () => 0,
  exportVisitor: async () => [],
  deleteVisitor: async () => 0,
};

let wired: TranscriptStore | null = null;

/** Called by the conversation module to plug its Durable Objects in. */
export function registerTranscriptStore(store: TranscriptStore): void {
  wired = store;
}

/** The wired store, or the empty one. */
export function transcriptStore(): TranscriptStore {
  return wired ?? noTranscripts;
}
