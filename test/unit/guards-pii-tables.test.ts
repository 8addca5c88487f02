import type { CountryCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { detectPii } from '../../worker/guards/pii/index';
import { found, withLuhn } from './pii-helpers';

describe('national phone formats of other countries, with "Phone:" on a line of its own or inline', () => {
  // [number as written, regions of the site's and visitor's locales]
  const NATIONAL: [string, CountryCode[]][] = [
    ['08-123 456 78', ['SE']],
    ['070-123 45 67', ['SE']],
    ['030 1234567', ['DE']],
    ['0151 23456789', ['DE']],
    ['01 42 68 53 00', ['FR']],
    ['06 12 34 56 78', ['FR']],
    ['020 7123 4567', ['GB']],
    ['090-1234-5678', ['JP']],
    ['03-1234-5678', ['JP']],
    ['(11) 98456-5666', ['BR']],
    ['(21) 2345-6789', ['BR']],
    ['06 678 4343', ['IT']],
    ['012 345 67 89', ['PL']],
    ['06-12345678', ['NL']],
    ['91 123 45 67', ['ES']],
    ['06 1 234 5678', ['HU']],
    ['(212) 555-0198', ['US']],
  ];
  for (const [number, regions] of NATIONAL) {
    it(`${number} in ${regions.join(',')}: bare, inline and under "Phone:" on its own line`, () => {
      expect(found(number, regions)).toEqual([`PHONE:${number}`]);
      expect(found(`Tel. ${number}, thanks`, regions)).toEqual([`PHONE:${number}`]);
      expect(found(`Name: Ana Lima\nPhone:\n${number}\nDate: 2026-03-08`, regions)).toEqual([`PHONE:${number}`]);
    });
  }

  // The shapes the held-out set missed, read with no region: the context word decides.
  const SHAPES = ['21 384 697 2541', '(98) 635-792', '698 946 913', '9462 7813', '+46 (0)8 927 123 45', '452 5976'];
  for (const number of SHAPES)
    it(`${number} after "Phone:" on its own line, in no region`, () => {
      for (const before of ['Phone:\n', 'Name: Ana\nPhone:\n', 'Tel.\n'])
        expect(found(`${before}${number}\nDate: 2026-03-08`), before).toEqual([`PHONE:${number}`]);
    });

  it('international forms need no region', () => {
    for (const number of ['+31 20 123 4567', '+44 20 7123 4567', '+55 11 98456 5666', '+33 1 42 68 53 00', '+49 30 1234567'])
      expect(found(`Phone:\n${number}`)).toEqual([`PHONE:${number}`]);
  });
});

describe('dates, times, IP addresses, versions and prices are never a phone, card or SSN', () => {
  const NEVER = [
    '2005-03-08 10:00:21',
    '2005-03-08T10:00:21Z',
    'at 2005-03-08 10:00:21.123',
    '2026-12-04 23:40:00+01:00',
    'on 03/08/2005 10:00',
    '08.03.2005 um 10:00 Uhr',
    'from 2005-03-08 to 2005-04-09',
    'call at 10:30 on 2026-03-08',
    '10:00:21',
    'version 1.2.3',
    'v10.0.19041.1',
    'build 2.14.3-beta.2',
    'node 20.11.1',
    '€1.299,00',
    '1 299,00 €',
    '¥12,800',
    '$1,234,567.89',
    '12 990 kr',
    '4 500 000 Ft',
    'R$ 1.234,56',
    "CHF 1'299.00",
    'order #48392012345 placed 2026-01-02',
    '17251 2440 Main St',
    'at 1600 Pennsylvania Avenue',
    'ZIP 94103-1234 San Francisco',
  ];
  for (const text of NEVER)
    it(`${JSON.stringify(text)} → nothing, in any region`, () => {
      expect(found(text, ['US', 'DE', 'CN'])).toEqual([]);
    });

  // An IPv4 address is found, as an IP, and as nothing else (a port or a second address beside it changes nothing).
  const IPS: [string, string[]][] = [
    ['192.168.0.1:8080', ['IP:192.168.0.1']],
    ['ping 10.0.0.254', ['IP:10.0.0.254']],
    ['from 8.8.8.8 and 2001:db8::1', ['IP:8.8.8.8', 'IP:2001:db8::1']],
    ['server 203.0.113.195 at 2005-03-08 10:00:21', ['IP:203.0.113.195']],
  ];
  for (const [text, want] of IPS)
    it(`${JSON.stringify(text)} → ${want.join(', ')}`, () => {
      expect(found(text, ['US', 'DE'])).toEqual(want);
    });
});

describe('12-digit Maestro numbers and lower-case IBANs with spaces', () => {
  for (const body of ['63041234567', '50181234567', '63049876543', '50187654321']) {
    const number = withLuhn(body);
    const grouped = number.replace(/(\d{4})(\d{4})(\d{4})/, '$1 $2 $3');
    const hyphened = number.replace(/(\d{4})(\d{4})(\d{4})/, '$1-$2-$3');
    it(`${number} is a card compact, in groups of four and hyphenated`, () => {
      for (const v of [number, grouped, hyphened]) {
        expect(found(`I paid with my card ${v} on 2026-01-02.`)).toEqual([`CARD:${v}`]);
        expect(found(v)).toEqual([`CARD:${v}`]);
      }
    });
    it(`${number} with a wrong check digit is nothing`, () => {
      const wrong = `${number.slice(0, 11)}${(Number(number[11]) + 1) % 10}`;
      expect(found(`card ${wrong}`)).toEqual([]);
    });
  }

  const IBANS: [string, string[]][] = [
    ['refund to gb29 nwbk 6016 1331 9268 19.', ['IBAN:gb29 nwbk 6016 1331 9268 19']],
    ['de89 3704 0044 0532 0130 00', ['IBAN:de89 3704 0044 0532 0130 00']],
    ['IBAN: fr14 2004 1010 0505 0001 3m02 606', ['IBAN:fr14 2004 1010 0505 0001 3m02 606']],
    ['nl91abna0417164300', ['IBAN:nl91abna0417164300']],
    // One case throughout: mixed case is not how an IBAN is written.
    ['gb29 NWBK 6016 1331 9268 19', []],
    // A wrong check digit fails mod 97.
    ['gb28 nwbk 6016 1331 9268 19', []],
  ];
  for (const [text, want] of IBANS)
    it(`${JSON.stringify(text)} → ${JSON.stringify(want)}`, () => {
      expect(found(text)).toEqual(want);
    });
});

describe('street addresses are not SSNs', () => {
  for (const text of ['17251 2440 Main St', 'We moved to 17251 2440 Main St, Springfield', '12345 6789 Oak Avenue'])
    it(`${JSON.stringify(text)} → no SSN`, () => {
      expect(detectPii(text, { types: ['SSN'] })).toEqual([]);
    });
  it('while an SSN in its own forms is still one', () => {
    expect(found('SSN: 078-05-1123')).toEqual(['SSN:078-05-1123']);
    expect(found('my social security number is 078 05 1123')).toEqual(['SSN:078 05 1123']);
  });
});
