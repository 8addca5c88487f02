/**
 * The port through which privacy operations reach conversation transcripts: `durableTranscripts`
 * (do-transcripts.ts) over the conversation Durable Objects, or an in-memory one in tests.
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

/** A store that holds nothing. */
export const noTranscripts: TranscriptStore = {
  purgeOlderThan: async () => 0,
  exportVisitor: async () => [],
  deleteVisitor: async () => 0,
};
