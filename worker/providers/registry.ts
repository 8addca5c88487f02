import { faqResponder } from './faq';
import { openAiCompatible } from './openai';
import type { Provider } from './types';

/** A provider and the model to ask it for. */
export interface ProviderLink {
  provider: Provider;
  model: string;
}

/** Secrets and vars that choose a provider; none set means the built-in `faq` responder. */
export interface ProviderEnv {
  DEEPSEEK_API_KEY?: string;
  DEEPSEEK_BASE_URL?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_MODEL?: string;
  FAQ_PACE_MS?: string;
}

/** Pick the provider for a turn from the environment: DeepSeek, then any OpenAI-compatible server, else `faq`. */
export function providerFromEnv(env: ProviderEnv): ProviderLink {
  if (env.DEEPSEEK_API_KEY) {
    return {
      provider: openAiCompatible({
        id: 'deepseek',
        baseUrl: env.DEEPSEEK_BASE_URL ?? 'https://api.deepseek.com',
        apiKeySecret: 'DEEPSEEK_API_KEY',
      }),
      model: 'deepseek-chat',
    };
  }
  if (env.OPENAI_BASE_URL && env.OPENAI_API_KEY) {
    return {
      provider: openAiCompatible({ id: 'openai', baseUrl: env.OPENAI_BASE_URL, apiKeySecret: 'OPENAI_API_KEY' }),
      model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    };
  }
  return { provider: faqResponder(Number(env.FAQ_PACE_MS ?? 0) || 0), model: 'faq' };
}
