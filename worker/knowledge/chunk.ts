/**
 * Blocks to passages. A passage stays inside one section and carries its heading path (`Billing › Refunds`) as
 * context; short paragraphs are merged until the passage reaches about `target` words, a paragraph longer than
 * `max` is cut at sentence boundaries (at word boundaries if one sentence alone is too long), and a short tail is
 * folded into the passage before it when they fit together.
 */
import type { Block } from './markdown';
import { wordCount } from './tokens';

export interface Passage {
  ordinal: number;
  heading: string;
  text: string;
}

export interface ChunkOptions {
  min: number;
  target: number;
  max: number;
}

export const CHUNK_DEFAULTS: ChunkOptions = { min: 80, target: 150, max: 250 };

const HEADING_SEPARATOR = ' › ';
/** Chinese and Japanese text joins without spaces after a CJK character or CJK punctuation. */
const CJK_END = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff65]$/u;
const SENTENCE_END = /(?<=[.!?;])\s+(?=\S)|(?<=[。！？；])/u;

function splitWords(text: string, max: number): string[] {
  const words = text.split(/\s+/);
  if (words.length > 1) {
    const out: string[] = [];
    for (let i = 0; i < words.length; i += max) out.push(words.slice(i, i + max).join(' '));
    return out;
  }
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
  return out;
}

/** A paragraph as pieces of at most `max` words, cut between sentences where possible. */
export function splitLong(text: string, max: number): string[] {
  if (wordCount(text) <= max) return [text];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of text.split(SENTENCE_END)) {
    const parts = wordCount(sentence) > max ? splitWords(sentence, max) : [sentence];
    for (const part of parts) {
      const joined = current ? `${current}${CJK_END.test(current) ? '' : ' '}${part}` : part;
      if (current && wordCount(joined) > max) {
        pieces.push(current);
        current = part;
      } else current = joined;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

/** Passages of a document's blocks, numbered from 0 in reading order. */
export function chunkBlocks(blocks: Block[], options: ChunkOptions = CHUNK_DEFAULTS): Passage[] {
  const passages: Passage[] = [];
  const path: { level: number; text: string }[] = [];
  let section: string[] = [];
  const flushSection = () => {
    const heading = path.map((h) => h.text).join(HEADING_SEPARATOR);
    const start = passages.length;
    let current: string[] = [];
    let words = 0;
    const emit = () => {
      if (current.length) passages.push({ ordinal: passages.length, heading, text: current.join('\n\n') });
      current = [];
      words = 0;
    };
    for (const piece of section.flatMap((p) => splitLong(p, options.max))) {
      const size = wordCount(piece);
      if (current.length && (words + size > options.max || words >= options.target)) emit();
      current.push(piece);
      words += size;
    }
    const previous = passages[passages.length - 1];
    if (current.length && words < options.min && previous && passages.length > start) {
      if (wordCount(previous.text) + words <= options.max) {
        previous.text = `${previous.text}\n\n${current.join('\n\n')}`;
        current = [];
      }
    }
    emit();
    section = [];
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      flushSection();
      while (path.length && (path[path.length - 1]?.level ?? 0) >= block.level) path.pop();
      path.push({ level: block.level, text: block.text });
    } else section.push(block.text);
  }
  flushSection();
  return passages;
}
