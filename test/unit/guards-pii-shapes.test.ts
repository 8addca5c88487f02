import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { defaultGuardPolicy } from '../../shared/guard-policy';
import { mulberry32 } from '../../shared/random';
import { guardInput } from '../../worker/guards/input';
import { emptyVault } from '../../worker/guards/mask';
import { detectPii } from '../../worker/guards/pii/index';
import { validIn, validInternational } from '../../worker/guards/pii/phone-plans';
import { regionsFor } from '../../worker/guards/pii/regions';
import { defaultScanners } from '../../worker/guards/scanners';
import { prepareGuards } from '../../worker/guards/stage';
import type { PiiType } from '../../worker/guards/types';
import { generatePiiCases } from '../bench/pii-gen';
import { found, withLuhn } from './pii-helpers';

describe('phones in other countries’ national formats', () => {
  // [text, regions, expected findings]
  const TABLE: [string, CountryCode[], string[]][] = [
    ['Phone: 21 384 697 2541', [], ['PHONE:21 384 697 2541']],
    ['Tel: (98) 635-792', [], ['PHONE:(98) 635-792']],
    ['ring me on 698 946 913', ['ES'], ['PHONE:698 946 913']],
    ['698 946 913', ['ES'], ['PHONE:698 946 913']],
    ['9462 7813', ['HU'], ['PHONE:9462 7813']],
    ['Stockholm +46 (0)8 927 123 45', [], ['PHONE:+46 (0)8 927 123 45']],
    ['Phone: 452 5976', [], ['PHONE:452 5976']],
    ['Name: Ana\nPhone:\n698 946 913\nDate: 2026-03-08', [], ['PHONE:698 946 913']],
    ['电话：0755 8888 6666', [], ['PHONE:0755 8888 6666']],
    ['手机 13912345678，谢谢', [], ['PHONE:13912345678']],
    ['座机(0755)12345678', [], ['PHONE:(0755)12345678']],
    ['call me at +36 20/172-2636', [], ['PHONE:+36 20/172-2636']],
    ['Telefon: (0071) 422325802', ['DE'], ['PHONE:(0071) 422325802']],
  ];
  for (const [text, regions, want] of TABLE)
    it(`${JSON.stringify(text)} in ${regions.join(',') || 'no region'} → ${want.join(', ')}`, () => {
      expect(found(text, regions)).toEqual(want);
    });

  it('reads a national number only in the regions it is given (and the fallback plans on stronger evidence)', () => {
    expect(found('698 946 913', ['ES'])).toEqual(['PHONE:698 946 913']);
    expect(found('698 946 913', ['US'])).toEqual([]);
    expect(found('9462 7813', ['HU'])).toEqual(['PHONE:9462 7813']);
    expect(found('9462 7813', [])).toEqual([]);
  });
});

describe('numbers that are not personal data stay readable', () => {
  // Each was taken for PII before: a date and time, an IPv4 address, versions, prices, orders, addresses.
  const NONE: string[] = [
    'logged 2005-03-08 10:00:21 by the server',
    'meeting on 08.03.2005 at 14:30',
    'released v2.14.3 and 10.0.19041.1',
    'total $1,299.00, or 12 990 kr, or 1.299,00 €',
    'Your order A-864343411 ships soon',
    'Order: #4839201234',
    'order number 4839201234',
    'Tracking number: 9400100000000000000000',
    'pedido 8033399404, Bestellung 6696164142',
    'We moved to 17251 2440 Main St',
    '5459 Water Street, 01699-8809 Tayachester',
    'Marginal Sarah 585, 71342-069 Martins do Norte',
  ];
  for (const text of NONE)
    it(`${JSON.stringify(text)} → nothing`, () => {
      expect(found(text, ['US'])).toEqual([]);
    });

  it('an IPv4 address is an IP, never a phone', () => {
    expect(found('server 192.168.100.200 is down')).toEqual(['IP:192.168.100.200']);
  });
  it('a number after + is a phone, not a card that happens to pass Luhn', () => {
    expect(found('Telefon: +4982435539049')).toEqual(['PHONE:+4982435539049']);
  });
});

describe('cards, IBANs and SSNs', () => {
  const maestro = withLuhn('63040000001');
  const maestro2 = withLuhn('50181234567');
  const TABLE: [string, PiiType, string[]][] = [
    [`Maestro ${maestro}`, 'CARD', [maestro]],
    [
      `card ${maestro2.slice(0, 4)} ${maestro2.slice(4, 8)} ${maestro2.slice(8)}`,
      'CARD',
      [`${maestro2.slice(0, 4)} ${maestro2.slice(4, 8)} ${maestro2.slice(8)}`],
    ],
    [`no issuer starts 9: ${withLuhn('91234567890')}`, 'CARD', []],
    [`Visa needs 13, 16 or 19 digits: ${withLuhn('41111111111111')}`, 'CARD', []],
    [`order ${maestro}`, 'CARD', []],
    ['refund to gb29nwbk60161331926819 please', 'IBAN', ['gb29nwbk60161331926819']],
    ['IBAN gb29 nwbk 6016 1331 9268 19', 'IBAN', ['gb29 nwbk 6016 1331 9268 19']],
    ['LV80 bANK 0000 4351 9500 1', 'IBAN', []],
    ['Iran IR062960000000100324200001', 'IBAN', ['IR062960000000100324200001']],
    ['SSN 078-05-1123', 'SSN', ['078-05-1123']],
    ['my SSN is 078051121', 'SSN', ['078051121']],
    ['order 078051121', 'SSN', []],
    ['We moved to 17251 2440 Main St', 'SSN', []],
  ];
  for (const [text, type, want] of TABLE)
    it(`${JSON.stringify(text)} → ${type} ${JSON.stringify(want)}`, () => {
      expect(detectPii(text, { types: [type] }).map((f) => text.slice(f.start, f.end))).toEqual(want);
    });
  it('an SSN named as one is more certain than nine bare digits', () => {
    const [named] = detectPii('SSN: 078051121', { types: ['SSN'] });
    const [bare] = detectPii('078051121', { types: ['SSN'] });
    expect(named?.confidence).toBeGreaterThan(bare?.confidence ?? 1);
  });
});

describe('regions from locales', () => {
  it('maps site and visitor locales to regions, site first, without repeats', () => {
    expect(regionsFor(['pt-BR'])).toEqual(['BR']);
    expect(regionsFor(['en-GB', 'de', 'de-DE'])).toEqual(['GB', 'DE']);
    expect(regionsFor(['zh-Hans-CN', 'sv'])).toEqual(['CN', 'SE']);
    expect(regionsFor(['en_UK', undefined, 'xx'])).toEqual(['GB']);
  });

  it('the guard stage reads phones in the locales it is given', () => {
    const policy = defaultGuardPolicy();
    const stage = (locales?: string[]) =>
      prepareGuards({
        policy,
        text: 'mine is 698 946 913',
        history: [],
        systemPrompt: 'x',
        now: () => 0,
        random: () => 0.5,
        ...(locales ? { locales } : {}),
      });
    expect(stage(['en', 'es-ES']).messages.at(-1)?.content).toBe('mine is [PHONE_1]');
    expect(stage().messages.at(-1)?.content).toBe('mine is 698 946 913');
  });

  it('the default scanners take regions', () => {
    const policy = defaultGuardPolicy();
    const masked = guardInput('9462 7813', policy, emptyVault(), defaultScanners(policy, undefined, ['HU']), () => 0);
    expect(masked.text).toBe('[PHONE_1]');
  });
});

describe('phone validity from compiled metadata', () => {
  it('agrees with libphonenumber isValid(), and never accepts what it rejects', () => {
    const rnd = mulberry32(11);
    const regions: CountryCode[] = ['US', 'GB', 'DE', 'FR', 'ES', 'BR', 'SE', 'HU', 'CN', 'JP', 'IT', 'NL', 'PL', 'IN'];
    let agree = 0;
    let total = 0;
    let positives = 0;
    for (let i = 0; i < 6000; i++) {
      const length = 7 + Math.floor(rnd() * 7);
      // No leading `00` (read as an international prefix by both) nor the region's own country code.
      let digits = rnd() < 0.5 ? '0' : String(1 + Math.floor(rnd() * 9));
      while (digits.length < length) digits += String(Math.floor(rnd() * 10));
      if (digits.startsWith('00')) continue;
      const region = regions[i % regions.length] as CountryCode;
      const mine = validIn(digits, region);
      const ref = parsePhoneNumberFromString(digits, region)?.isValid() === true;
      const intl = `${1 + Math.floor(rnd() * 9)}${digits.slice(1)}`;
      const mineIntl = validInternational(intl);
      const refIntl = parsePhoneNumberFromString(`+${intl}`)?.isValid() === true;
      if (mine) expect(ref, `${region} ${digits}`).toBe(true);
      if (mineIntl) expect(refIntl, `+${intl}`).toBe(true);
      total += 2;
      agree += Number(mine === ref) + Number(mineIntl === refIntl);
      positives += Number(ref) + Number(refIntl);
    }
    expect(positives).toBeGreaterThan(300);
    expect(agree / total).toBeGreaterThan(0.995);
  });
});

describe('the generated evaluation set', () => {
  it('is the same for the same seed and different for another', () => {
    expect(generatePiiCases(3, 40)).toEqual(generatePiiCases(3, 40));
    expect(generatePiiCases(4, 40)).not.toEqual(generatePiiCases(3, 40));
  });
  it('records spans that hold the values it put in', () => {
    const cases = generatePiiCases(5, 130);
    const types = new Set(cases.flatMap((c) => c.spans.map((s) => s.type)));
    expect([...types].sort()).toEqual(['CARD', 'EMAIL', 'IBAN', 'IP', 'PHONE']);
    expect(new Set(cases.map((c) => c.locale)).size).toBeGreaterThanOrEqual(10);
    expect(cases.some((c) => c.spans.length === 0)).toBe(true);
    for (const c of cases)
      for (const s of c.spans) {
        const v = c.text.slice(s.start, s.end);
        if (s.type === 'EMAIL') expect(v).toContain('@');
        if (s.type === 'IP') expect(v).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
        expect(v.trim()).toBe(v);
      }
  });
});
