import { describe, expect, it } from 'vitest';
import { hex, hmacHex, sha256Hex } from '../../worker/digest';

describe('hex digests (worker/digest.ts)', () => {
  it('SHA-256 matches the FIPS 180-2 vector, for strings and bytes alike', async () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(await sha256Hex('abc')).toBe(abc);
    expect(await sha256Hex(new TextEncoder().encode('abc').buffer as ArrayBuffer)).toBe(abc);
  });

  it('HMAC-SHA256 matches RFC 4231 test case 2, also on the cached key', async () => {
    const want = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    expect(await hmacHex('Jefe', 'what do ya want for nothing?')).toBe(want);
    expect(await hmacHex('Jefe', 'what do ya want for nothing?')).toBe(want);
    expect(await hmacHex('other', 'what do ya want for nothing?')).not.toBe(want);
  });

  it('hex pads every byte to two digits', () => {
    expect(hex(new Uint8Array([0, 1, 15, 16, 255]))).toBe('00010f10ff');
  });
});
