/** How hard an unmatched message looks: long, code or several questions → premium; short chit-chat → fast. */
import type { Tier } from '../../../shared/protocol';

export interface Complexity {
  tier: Tier;
  reason: string;
}

const CODE =
  /```|\b(function|def|class|import|return|SELECT|console\.log|const|let)\b.*[(){};=]|[{};]\s*\n|<\/?[a-z]+[^>]*>|\w+\(\)\s*[;{]|Traceback|Exception:|at \w+\.\w+ \(/;
const HAN = /\p{Script=Han}/gu;

/** Classify a message that matched no intent. */
export function assessComplexity(text: string): Complexity {
  const trimmed = text.trim();
  const han = trimmed.match(HAN)?.length ?? 0;
  const words = trimmed.split(/\s+/).filter(Boolean).length;
  const size = words + han; // each Han character counts about as much as a word
  if (CODE.test(trimmed)) return { tier: 'premium', reason: 'looks like code or a stack trace' };
  const questions = (trimmed.match(/[?？]/g) ?? []).length;
  if (questions >= 2) return { tier: 'premium', reason: `${questions} questions in one message` };
  if (trimmed.length > 400 || size > 70) return { tier: 'premium', reason: `long message (${size} words)` };
  if (size <= 4 && questions === 0) return { tier: 'fast', reason: 'short chit-chat' };
  return { tier: 'default', reason: 'ordinary question' };
}
