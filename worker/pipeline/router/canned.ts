/** Stream a canned answer as word-sized chunks, the way a provider would, without calling any model. */
import { chunkWords } from '../../providers/faq';

/** The words of a canned answer, in order (each Han character is its own chunk). */
export function cannedChunks(answer: string): string[] {
  return chunkWords(answer);
}
