import { describe, expect, it } from 'vitest';
import { cnIdCheckChar, cnIdValid, ibanMod97Valid, luhnValid } from '../../worker/guards/pii/checksums';
import { detectPii } from '../../worker/guards/pii/index';
import type { PiiType } from '../../worker/guards/types';

/** [text, type, expected matched substrings] — an empty list is a negative (near misses included). */
type Case = [string, PiiType, string[]];

const only = (text: string, type: PiiType) => detectPii(text, { types: [type] }).map((f) => text.slice(f.start, f.end));

const TABLE: Case[] = [
  // e-mail
  ['mail me at jane.doe+shop@example.co.uk today', 'EMAIL', ['jane.doe+shop@example.co.uk']],
  ['邮箱：张三 zhang_san@qq.com，谢谢', 'EMAIL', ['zhang_san@qq.com']],
  ['user@xn--80ak6aa92e.com', 'EMAIL', ['user@xn--80ak6aa92e.com']],
  ['my email is info@presidio.', 'EMAIL', []],
  ['@handle and a@b are not addresses', 'EMAIL', []],
  // phone
  ['call +86 138 1234 5678 please', 'PHONE', ['+86 138 1234 5678']],
  ['我的手机号是13812345678', 'PHONE', ['13812345678']],
  ['全角 １３８１２３４５６７８ 也算', 'PHONE', ['１３８１２３４５６７８']],
  ['座机 010-12345678 或 (0755)12345678', 'PHONE', ['010-12345678', '(0755)12345678']],
  ['US (415) 555-0132 or 415.555.0132', 'PHONE', ['(415) 555-0132', '415.555.0132']],
  ['Paris +33 1 42 68 53 00, Berlin 030 1234567', 'PHONE', ['+33 1 42 68 53 00', '030 1234567']],
  ['UK +44 20 7123 4567 or 020 7123 4567', 'PHONE', ['+44 20 7123 4567', '020 7123 4567']],
  ['12812345678 is not a CN mobile (second digit 2)', 'PHONE', []],
  ['NANP needs N: 415-155-0132', 'PHONE', []],
  ['order 2024-05-01 version 1.2.3', 'PHONE', []],
  // Chinese resident ID
  ['身份证 11010119900307867X 已提交', 'CN_ID', []],
  ['身份证 110101199003078670 已提交', 'CN_ID', ['110101199003078670']],
  ['lower x: 44011320141005001x', 'CN_ID', ['44011320141005001x']],
  ['legacy 610104620927690', 'CN_ID', ['610104620927690']],
  ['17 digits 11010119900307867', 'CN_ID', []],
  ['bad date 440308199902301512', 'CN_ID', []],
  ['bad region 990426199112010074', 'CN_ID', []],
  ['wrong check digit 110101199003078671', 'CN_ID', []],
  // cards
  ['card 4111 1111 1111 1111 exp 12/29', 'CARD', ['4111 1111 1111 1111']],
  ['4012-8888-8888-1881 and 5555555555554444', 'CARD', ['4012-8888-8888-1881', '5555555555554444']],
  ['amex 371449635398431', 'CARD', ['371449635398431']],
  ['Luhn fails 4012-8888-8888-1882', 'CARD', []],
  ['mixed separators 4111 1111-1111 1111', 'CARD', []],
  ['13 digits not starting with 4: 1748503543012', 'CARD', []],
  // IBAN
  ['IBAN GB82 WEST 1234 5698 7654 32 thanks', 'IBAN', ['GB82 WEST 1234 5698 7654 32']],
  ['DE89370400440532013000', 'IBAN', ['DE89370400440532013000']],
  ['check digits wrong GB83 WEST 1234 5698 7654 32', 'IBAN', []],
  ['wrong length DE8937040044053201300', 'IBAN', []],
  // IP
  ['from 192.168.1.20 and 2001:db8::8a2e:370:7334', 'IP', ['192.168.1.20', '2001:db8::8a2e:370:7334']],
  ['subnet 10.0.0.0/8 and ::ffff:192.0.2.1', 'IP', ['10.0.0.0/8', '::ffff:192.0.2.1']],
  ['256.1.1.1 and 1.2.3 and std::cout and 12:34:56', 'IP', []],
  // SSN
  ['SSN 078-05-1123', 'SSN', ['078-05-1123']],
  ['area 666-12-3456 and 000-12-3456 and 123-00-4567 and mixed 693-09.4444', 'SSN', []],
  // passport
  ['passport no. E12345678 please', 'PASSPORT', ['E12345678']],
  ['护照号码：G12345678', 'PASSPORT', ['G12345678']],
  ['order E12345678 shipped', 'PASSPORT', []],
];

describe('PII detectors: positives, negatives and near misses', () => {
  it.each(TABLE)('%s → %s', (text, type, want) => {
    expect(only(text, type)).toEqual(want);
  });

  it('reports type, span and confidence on every finding', () => {
    const text = 'Email a@b.com, phone 13812345678.';
    const found = detectPii(text);
    expect(found.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['EMAIL', 'a@b.com'],
      ['PHONE', '13812345678'],
    ]);
    for (const f of found) expect(f.confidence).toBeGreaterThan(0.5);
  });

  it('keeps the more specific finding when two overlap (a valid CN ID is not also a phone or card)', () => {
    const found = detectPii('ID 440308199901101512');
    expect(found.map((f) => f.type)).toEqual(['CN_ID']);
  });
});

describe('check-digit algorithms', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true],
  ] as const)('luhn %s → %s', (d, ok) => expect(luhnValid(d)).toBe(ok));

  it.each([
    ['GB82WEST12345698765432', true],
    ['GB82WEST12345698765433', false],
    ['NL91ABNA0417164300', true],
  ] as const)('iban %s → %s', (v, ok) => expect(ibanMod97Valid(v)).toBe(ok));

  it('computes the ISO 7064 MOD 11-2 check character, X included', () => {
    expect(cnIdCheckChar('11010119900307867')).toBe('0');
    expect(cnIdCheckChar('44040119580101000')).toBe('X');
    expect(cnIdValid('44040119580101000X')).toBe(true);
    expect(cnIdValid('44040119580101000x')).toBe(true);
    expect(cnIdValid('440401195801010001')).toBe(false);
    expect(cnIdValid('44030819990110')).toBe(false);
  });
});
