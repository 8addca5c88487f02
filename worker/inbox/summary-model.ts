/**
 * The summary at handoff by the site's own model: one call through the gateway (its breakers, retries and
 * fallback) on the site's `fast` chain, given the masked transcript only, so the model never sees a raw value
 * and its summary holds placeholders at most. A site answered by the built-in responder gets no model summary.
 * The call is admitted against the site's daily token allowance and its tokens are counted in it, like a turn's.
 */
import type { SiteConfig } from '../../shared/config';
import type { HistoryItem } from '../../shared/protocol';
import { runChain } from '../pipeline/gateway/chain';
import { type GatewayPorts, isolateGateway } from '../pipeline/gateway/runtime';
import { chainFor, type ProviderEnv, registryFor } from '../providers/registry';
import type { ChatTurnMessage } from '../providers/types';
import { admitTokens, type QuotaPorts, spendTokens } from '../quota';

/** The summary is for an agent to read at a glance. */
const MAX_SUMMARY_TOKENS = 200;
/** A handoff does not wait on a slow model longer than this; the recent messages stand in. */
const SUMMARY_DEADLINE_MS = 15_000;
const TRANSCRIPT_CHARS = 6000;

export const SUMMARY_INSTRUCTIONS =
  'You brief a customer-service agent who is taking over this chat. In at most three short sentences, say what ' +
  'the visitor wants, what the assistant already told them, and what is still open. Keep placeholders such as ' +
  '[EMAIL_1] exactly as written. Do not address the visitor.';

/** The masked transcript as one text the model reads. */
export function transcriptText(history: HistoryItem[], intents: string[]): string {
  const lines = history.filter((m) => m.text.length > 0).map((m) => `${m.role}: ${m.text}`);
  const text = lines.join('\n');
  const tail = text.length > TRANSCRIPT_CHARS ? text.slice(-TRANSCRIPT_CHARS) : text;
  return `${intents.length > 0 ? `Intents routed: ${intents.join(', ')}\n` : ''}${tail}`;
}

/** The model's summary, or null when the site has no model (only the built-in responder) or it failed in time. */
export async function modelSummary(
  env: ProviderEnv & QuotaPorts,
  site: SiteConfig,
  history: HistoryItem[],
  intents: string[],
  gateway: GatewayPorts = isolateGateway,
): Promise<string | null> {
  const links = chainFor(registryFor(env), site, 'fast').filter((l) => l.provider.id !== 'faq');
  if (links.length === 0 || history.length === 0) return null;
  const messages: ChatTurnMessage[] = [
    { role: 'system', content: SUMMARY_INSTRUCTIONS },
    { role: 'user', content: transcriptText(history, intents) },
  ];
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), SUMMARY_DEADLINE_MS);
  let text = '';
  let tokens = 0;
  try {
    await admitTokens(env, site, Date.now());
    const build = (link: (typeof links)[number]) => ({
      model: link.model,
      messages,
      params: { ...link.params, maxTokens: Math.min(link.params?.maxTokens ?? MAX_SUMMARY_TOKENS, MAX_SUMMARY_TOKENS) },
    });
    for await (const ev of runChain(links, build, { site }, ctl.signal, gateway)) {
      if (ev.type === 'text') text += ev.text;
      if (ev.type === 'usage') tokens = ev.usage.inputTokens + ev.usage.outputTokens;
    }
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    await spendTokens(env, site, Date.now(), tokens).catch(() => {});
  }
  return ctl.signal.aborted ? null : text.trim() || null;
}
