/**
 * Tool traffic in the provider's window: the calls an assistant made and the `tool` results after the
 * last user message go to the model PII-masked, like the rest of the window. Results and arguments come
 * from the caller's own systems, so their values are masked as not the visitor's (never restored).
 */
import { maskFindings } from '../../guards/mask';
import { safeScan } from '../../guards/scan';
import type { GuardedInput } from '../../guards/stage';
import type { ChatTurnMessage } from '../../providers/types';

/** The window's PII mask for text from the caller's systems (values masked as not the visitor's). */
export function masker(guarded: GuardedInput): (text: string) => string {
  const { policy, now, scanners } = guarded.setup;
  return (text) =>
    text
      ? maskFindings(
          text,
          safeScan('pii', policy.scanBudgetMs, now, () => scanners.pii(text, policy.minConfidence)),
          guarded.vault,
          false,
        )
      : text;
}

/** Mask a message's tool-call arguments (its content is masked by the caller). */
function maskCalls(m: ChatTurnMessage, mask: (text: string) => string): ChatTurnMessage {
  if (!m.toolCalls?.length) return m;
  return { ...m, toolCalls: m.toolCalls.map((c) => ({ ...c, function: { ...c.function, arguments: mask(c.function.arguments) } })) };
}

/**
 * The window with tool traffic: history calls' arguments masked (history content already is), then
 * `after` (the calls and results following the last user message) masked, appended.
 */
export function withToolTraffic(messages: ChatTurnMessage[], after: readonly ChatTurnMessage[], guarded: GuardedInput): ChatTurnMessage[] {
  const mask = masker(guarded);
  const out = messages.map((m) => maskCalls(m, mask));
  for (const m of after) out.push(maskCalls({ ...m, content: mask(m.content) }, mask));
  return out;
}
