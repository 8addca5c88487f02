/**
 * Per-model prices (USD per million tokens) and the cost of a turn. Sites override or add models in
 * `SiteConfig.prices`; an unknown model costs 0 and says so by being absent from this table.
 */
import type { ModelPrice } from '../../../shared/config';
import type { Usage } from '../../../shared/protocol';
import type { ChatTurnMessage, ProviderUsage } from '../../providers/types';

/** List prices at the time of writing; check the providers' pages and override per site when they change. */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'deepseek-chat': { input: 0.28, cachedInput: 0.028, output: 0.42 },
  'deepseek-reasoner': { input: 0.28, cachedInput: 0.028, output: 0.42 },
  'deepseek-ai/DeepSeek-V3': { input: 0.28, cachedInput: 0.28, output: 1.12 },
  'deepseek-ai/DeepSeek-R1': { input: 0.56, cachedInput: 0.56, output: 2.24 },
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  faq: { input: 0, cachedInput: 0, output: 0 },
};

/** The price of a model, site overrides first. */
export function priceOf(model: string, overrides?: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  return overrides?.[model] ?? DEFAULT_PRICES[model];
}

/** USD for a usage: fresh input, cache-hit input and output each at their own price. */
export function costUsd(usage: ProviderUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  return (fresh * price.input + cached * price.cachedInput + usage.outputTokens * price.output) / 1_000_000;
}

/** Rough token count when a provider reports none: a CJK character ≈ 1 token, else 4 characters ≈ 1 token. */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x3040 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff)) cjk++;
  }
  return cjk + Math.ceil((text.length - cjk) / 4);
}

/** Usage for the protocol: the provider's figures when it sent them, else estimated from the text (and marked). */
export function turnUsage(
  reported: ProviderUsage | null,
  messages: readonly ChatTurnMessage[],
  output: string,
  model: string,
  prices?: Readonly<Record<string, ModelPrice>>,
): Usage {
  const u: ProviderUsage = reported ?? {
    inputTokens: messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0),
    outputTokens: estimateTokens(output),
    cachedInputTokens: 0,
  };
  return { ...u, costUsd: costUsd(u, priceOf(model, prices)), estimated: reported === null };
}
