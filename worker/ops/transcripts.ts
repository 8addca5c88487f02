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

/** Every row of every table one conversation object holds, by table. */
export interface ConversationExport {
  conversationId: string;
  tables: Record<string, Record<string, unknown>[]>;
}

/** What a data export returns about one visitor's conversations. */
export interface VisitorTranscripts {
  transcript: TranscriptMessage[];
  conversations: ConversationExport[];
}

export interface TranscriptStore {
  /** Delete a site's transcript messages older than `cutoff` (ms); returns how many were removed. */
  purgeOlderThan(site: string, cutoff: number): Promise<number>;
  /** Everything kept about one visitor, for a data export. */
  exportVisitor(site: string, visitorId: string): Promise<VisitorTranscripts>;
  /** Delete everything kept about one visitor; returns how many messages were removed. */
  deleteVisitor(site: string, visitorId: string): Promise<number>;
}

/** A store that holds nothing. */
export const noTranscripts: TranscriptStore = {
  purgeOlderThan: async () => 0,
  exportVisitor: async () => ({ transcript: [], conversations: [] }),
  deleteVisitor: async () => 0,
};
