/** SiliconFlow: OpenAI-compatible, hosting DeepSeek's models; the default second link of every tier. */
import { openAiCompatible } from '../openai';
import type { Provider } from '../types';

export const SILICONFLOW_BASE_URL = 'https://api.siliconflow.cn/v1';
export const SILICONFLOW_MODELS = { chat: 'deepseek-ai/DeepSeek-V3', reasoner: 'deepseek-ai/DeepSeek-R1' } as const;

/** The SiliconFlow provider. */
export function siliconflow(opts: { apiKey: string; baseUrl?: string }): Provider {
  return openAiCompatible({ id: 'siliconflow', baseUrl: opts.baseUrl ?? SILICONFLOW_BASE_URL, apiKey: opts.apiKey });
}
