/**
 * The conversation's transcript: visitor messages and the bot's replies are stored masked (PII as
 * placeholders), so agents, exports and the model's context never see raw values; the placeholder → value
 * map (the vault) stays in this object only, and values go back in at display time for the owner only.
 */

import type { HistoryItem } from '../../shared/protocol';
import { emptyVault, guardInput, type PiiVault, remaskOwnValues, restorePlaceholders } from '../guards';
import { DEFAULT_GUARDS } from '../guards/default-policy';
import { defaultScanners, type Scanners } from '../guards/scanners';
import type { ChatTurnMessage } from '../providers/types';
import type { ConversationStore } from './store';

/** Messages of context given to the model. */
const CONTEXT_MESSAGES = 20;

export class Transcript {
  constructor(private readonly store: ConversationStore) {}

  /** The conversation's placeholder → value map (PII the visitor typed). */
  get vault(): PiiVault {
    const raw = this.store.get('vault');
    return raw ? (JSON.parse(raw) as PiiVault) : emptyVault();
  }

  saveVault(vault: PiiVault): void {
    this.store.set('vault', JSON.stringify(vault));
  }

  /** What the transcript keeps of a visitor message: the text with PII replaced by placeholders. */
  mask(text: string, pii: Scanners['pii']): string {
    const policy = DEFAULT_GUARDS;
    const vault = this.vault;
    try {
      const res = guardInput(text, policy, vault, defaultScanners(policy, pii), Date.now);
      this.saveVault(vault);
      return res.blocked ? '[message withheld by policy]' : res.text;
    } catch {
      return '[message withheld: it could not be scanned]';
    }
  }

  /** What the transcript keeps of a reply: the visitor's own values (restored in the stream) as placeholders again. */
  maskReply(text: string, vault: PiiVault, pii: Scanners['pii']): string {
    let findings: ReturnType<Scanners['pii']> = [];
    try {
      findings = pii(text, DEFAULT_GUARDS.minConfidence);
    } catch {
      /* the literal values are still replaced below */
    }
    return remaskOwnValues(text, vault, findings);
  }

  /** Transcript entries as the conversation's proven owner sees them: their own values back in place. */
  forOwner(items: HistoryItem[]): HistoryItem[] {
    const vault = this.vault;
    return items.map((m) => (m.role === 'agent' ? m : { ...m, text: restorePlaceholders(m.text, vault) }));
  }

  /** The recent transcript as the model's context (empty entries left out). */
  context(): ChatTurnMessage[] {
    return this.store
      .history(CONTEXT_MESSAGES)
      .filter((m) => m.text.length > 0)
      .map((m) => ({ role: m.role === 'visitor' ? 'user' : 'assistant', content: m.text }));
  }

  add(item: HistoryItem): void {
    this.store.addMessage(item);
  }
}
