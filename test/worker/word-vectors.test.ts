import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../worker/pipeline/router/features';
import { messageVector, TABLE_ID, VECTOR_DIMS, wordTable } from '../../worker/pipeline/router/word-vectors';

describe('the word-vector table in workerd', () => {
  it('loads from the Data module (an ArrayBuffer) and gives known words a vector', () => {
    const table = wordTable();
    expect(table.id).toBe(TABLE_ID);
    expect(table.words).toHaveLength(30000);
    expect(table.words.slice(0, 3)).toEqual(['the', 'of', 'to']);
    const out = new Float64Array(VECTOR_DIMS);
    expect(messageVector(normaliseText('how long to seattle on a bus'), out)).toBe(1);
    expect(messageVector(normaliseText('今天天气怎么样'), out)).toBe(0);
  });
});
