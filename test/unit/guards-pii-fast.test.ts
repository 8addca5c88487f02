import { type CountryCode, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random';
import { numberContext } from '../../worker/guards/pii/context';
import { foldWidth } from '../../worker/guards/pii/fold';
import { detectPii, resolvePii } from '../../worker/guards/pii/index';
import { byStart } from '../../worker/guards/pii/order';
import { validIn, validInternational } from '../../worker/guards/pii/phone-plans';
import { clearRuns, digitRuns } from '../../worker/guards/pii/runs';
import type { Finding } from '../../worker/guards/types';

/** Seeded random strings over `alphabet`. */
function strings(seed: number, alphabet: string): () => string {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const chars = [...alphabet];
  return () => Array.from({ length: Math.floor(rnd() * 60) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
}

/** Folding one code unit at a time: what `foldWidth` must agree with. */
function foldSlowly(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c >= 0xff01 && c <= 0xff5e && ch.length === 1 ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : ch;
  }
  return out;
}

describe('the fast paths of the PII scan agree with the plain reading', () => {
  it('folds full-width forms and the ideographic space exactly as one code unit at a time', () => {
    const next = strings(3, '１２３４５６７８９０＋（）－ａＺ＠　abc 12中文😀');
    for (let i = 0; i < 500; i++) {
      const t = next();
      expect(foldWidth(t)).toBe(foldSlowly(t));
    }
    const plain = 'no wide forms here, 123';
    expect(foldWidth(plain)).toBe(plain);
  });

  it('finds the digit runs and code units of ASCII, Latin-1 and wider text alike', () => {
    for (const extra of ['', 'éüß', '中文😀ё']) {
      const next = strings(extra.length + 1, `0123456789 -.ab${extra}`);
      for (let i = 0; i < 300; i++) {
        const t = next();
        const runs = digitRuns(t);
        const got = Array.from({ length: runs.n }, (_, k) => `${runs.start[k]}-${runs.end[k]}`);
        const want = [...t.matchAll(/[0-9]+/g)].map((m) => `${m.index}-${m.index + m[0].length}`);
        expect(got).toEqual(want);
        const units = Array.from({ length: t.length }, (_, k) => t.charCodeAt(k));
        expect(Array.from(runs.codes.subarray(0, t.length))).toEqual(units);
        clearRuns();
      }
    }
  });

  it('folds full-width forms in the digit scan itself, and says when it did', () => {
    const next = strings(5, '１２３４５６７８９０＋（）－ａＺ＠　abc 12中文😀ё');
    for (let i = 0; i < 300; i++) {
      const t = next();
      const folded = foldSlowly(t);
      const runs = digitRuns(t);
      expect(Array.from(runs.codes.subarray(0, t.length)), t).toEqual(
        Array.from({ length: folded.length }, (_, k) => folded.charCodeAt(k)),
      );
      expect(runs.folded, t).toBe(folded !== t);
      const want = [...folded.matchAll(/[0-9]+/g)].map((m) => `${m.index}-${m.index + m[0].length}`);
      expect(Array.from({ length: runs.n }, (_, k) => `${runs.start[k]}-${runs.end[k]}`)).toEqual(want);
      clearRuns();
    }
    expect(detectPii('电话：１３８１２３４５６７８').map((f) => f.type)).toEqual(['PHONE']);
  });

  it('reads a number in every plan sharing the calling code of the region asked for', () => {
    // Jamaica and Canada share NANP's +1 with the US; Guernsey, Jersey and the Isle of Man share +44 with GB.
    const family: [CountryCode, CountryCode][] = [
      ['JM', 'US'],
      ['CA', 'US'],
      ['PR', 'US'],
      ['GG', 'GB'],
      ['JE', 'GB'],
      ['IM', 'GB'],
    ];
    for (const [region, asked] of family) {
      const example = getExampleNumber(region, examples);
      expect(example?.isValid(), region).toBe(true);
      const national = example?.nationalNumber ?? '';
      expect(validIn(national, asked), `${region} ${national} read as ${asked}`).toBe(true);
      expect(validInternational(`${example?.countryCallingCode}${national}`), `+${example?.countryCallingCode} ${national}`).toBe(true);
    }
  });

  it('finds no calling code in digits that start with 0, and one of each length', () => {
    expect(validInternational('0447400123456')).toBe(false);
    expect(validInternational('14155550132')).toBe(validInternational('1 4155550132'.replace(' ', '')));
    for (const region of ['US', 'DE', 'HU', 'IE', 'AE'] as const) {
      const example = getExampleNumber(region, examples);
      expect(validInternational(`${example?.countryCallingCode}${example?.nationalNumber}`), region).toBe(true);
    }
  });

  it('finds a card after a group no card can start with', () => {
    for (const lead of ['0000', '7123', '9876']) {
      const text = `${lead} 4111 1111 1111 1111`;
      const cards = detectPii(text, { types: ['CARD'] });
      expect(
        cards.map((f) => text.slice(f.start, f.end)),
        lead,
      ).toEqual(['4111 1111 1111 1111']);
    }
  });

  it('reads an e-mail local part of every allowed character, and stops at any other', () => {
    const text = 'to (a.b_c%d+e-F9@example.com) or x!y@example.org, not z@example.com-';
    const found = detectPii(text, { types: ['EMAIL'] }).map((f) => text.slice(f.start, f.end));
    expect(found).toEqual(['a.b_c%d+e-F9@example.com', 'y@example.org']);
  });

  it('a price after its amount, by sign or word in either case, keeps the number readable', () => {
    for (const text of ['4111 1111 1111 1111 USD', '4111 1111 1111 1111 eur', '4111111111111111 Euros', '13812345678 元']) {
      expect(detectPii(text), text).toEqual([]);
    }
    expect(detectPii('4111 1111 1111 1111 eurox').map((f) => f.type)).toEqual(['CARD']);
    const words = ['eur', 'usd', 'gbp', 'cny', 'rmb', 'jpy', 'sek', 'nok', 'dkk', 'huf', 'chf', 'brl', 'kr', 'ft', 'zł', 'zl', 'yuan'];
    for (const w of [...words, 'euro', 'euros', 'dollar', 'dollars', 'pound', 'pounds'])
      for (const written of [w, w.toUpperCase(), `${w[0]?.toUpperCase()}${w.slice(1)}`]) {
        expect(detectPii(`4111 1111 1111 1111 ${written}`), written).toEqual([]);
        expect(detectPii(`paid 4111111111111111${written}.`), written).toEqual([]);
      }
    for (const other of ['EUROX', 'usda', 'krona', 'fta', 'yuanx', 'dollarsy'])
      expect(
        detectPii(`4111 1111 1111 1111 ${other}`).map((f) => f.type),
        other,
      ).toEqual(['CARD']);
  });

  it('finds passports from the digit runs exactly where the one-pattern scan over the text does', () => {
    // The reading the run-driven detector must agree with: the context word and the ID in one global pattern.
    const reference =
      /(?:passport|passeport|reisepass|pasaporte|护照|護照|通行证)[^\n]{0,24}?(?<![0-9A-Za-z])([A-Z]{1,2}\d{6,9})(?![0-9A-Za-z])/gi;
    const next = strings(11, 'passport Reisepass 护照 pasaporte: E1234567 ab12345678 x9 0\n-.,');
    const texts = [
      'passport E1234567 and F7654321, passport no G12345678',
      'Passport: AB1234567X; passport ZZ123456; passeport\nC1234567',
      '护照号码：G12345678，通行证 H1234567',
      'my passport number is long: written here E12345678',
      'passport 9E1234567 or E1234567890 or aE1234567',
    ];
    for (let i = 0; i < 2000; i++) texts.push(next());
    for (const text of texts) {
      const want = [...text.matchAll(reference)].map((m) => {
        const id = m[1] ?? '';
        const start = m.index + m[0].length - id.length;
        return `${start}:${start + id.length}`;
      });
      const got = detectPii(text, { types: ['PASSPORT'], keepOverlaps: true }).map((f) => `${f.start}:${f.end}`);
      expect(got, JSON.stringify(text)).toEqual(want);
    }
  });
});

describe('the context words before a number', () => {
  // The reading the prefiltered `numberContext` must agree with: both patterns tested on every window.
  const PHONE =
    /(?<![a-z])(?:phone|tel|telephone|mobile|mob|cell|call|calls|ring|text me|sms|whatsapp|fax|contact|reach me|dial|hotline|telefon|telefonnummer|handy|mobil|téléphone|portable|tél|teléfono|móvil|celular|telefone|telemóvel|telefonszám|mobilnummer|電話|电话|手机|手機|联系|聯繫|致电|拨打|号码|號碼|携帯|番号|전화)(?![a-z])[^\n\d]{0,32}\n?[^\n\d]{0,4}$/iu;
  const OTHER =
    /(?<![a-z])(?:order|tracking|track|invoice|inv|receipt|ref|reference|ticket|case|booking|reservation|confirmation|account|acct|customer|member|sku|item|serial|model|isbn|zip|postal|postcode|plz|cp|code|no\.?|nr\.?|pedido|commande|bestellung|bestellnummer|rendelés|rendelésszám|beställning|ordernummer|ordine|bestelling|zamówienie|zamowienie|订单号|订单|单号|编号|快递|運単|注文番号|注文|番号は|주문)(?:\s*(?:number|num|no\.?|nr\.?|id|code))?[\s:#.№-]{0,4}$/iu;
  const reference = (text: string, start: number) => {
    let from = start;
    let letters = false;
    while (from > Math.max(0, start - 48)) {
      const c = text.charCodeAt(from - 1);
      if (c >= 48 && c <= 57) break;
      if (c >= 65) letters = true;
      from--;
    }
    const before = letters ? text.slice(from, start) : '';
    if (before === '') return 0;
    return OTHER.test(before) ? -1 : PHONE.test(before) ? 1 : 0;
  };

  it('agrees with testing both patterns everywhere, on words, punctuation and letters that fold to ASCII', () => {
    const words = [
      'Phone',
      'TEL',
      'call me',
      'text me',
      'text',
      'me',
      'reach me',
      'order',
      'Order No.',
      'ref',
      'refno',
      'ordernumber',
      'tracking number',
      'zip code',
      'no',
      'nr.',
      'téléphone',
      'tél',
      'móvil',
      'rendelés',
      'rendelésnumber',
      'beställning',
      '订单号',
      '电话',
      '手机',
      'booKing',
      'ſku',
      'xorder',
      'phones',
      'mobil',
      'Name',
      'Ana',
      'Åberg',
      'contact',
      '№',
      '#',
      ':',
      ' ',
      '  ',
      '\n',
      '-',
      '.',
      ',',
      '(',
      '\u00a0',
      '\u2009',
      'a',
      'é',
    ];
    // Every keyword of both patterns, in three cases, beside the hand-picked words.
    const keywords = (re: RegExp) => {
      const from = re.source.indexOf('(?:') + 3;
      return re.source
        .slice(from, re.source.indexOf(')', from))
        .split('|')
        .map((w) => w.replace('\\.?', '.'));
    };
    for (const k of [...keywords(PHONE), ...keywords(OTHER)]) words.push(k, k.toUpperCase(), `${k[0]?.toUpperCase()}${k.slice(1)}`);
    const random = mulberry32(7);
    const rnd = (n: number) => Math.floor(random() * n);
    let phone = 0;
    let other = 0;
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const parts = 1 + rnd(7);
      for (let k = 0; k < parts; k++) text += words[rnd(words.length)];
      const ends = [
        'order',
        'Order No.: ',
        'refno',
        'ordernumber #',
        'tracking number',
        'zip code',
        'nr.',
        'rendelés',
        '订单号：',
        'booKing',
      ];
      if (rnd(3) === 0) text += ends[rnd(ends.length)];
      text += '4155550132';
      const start = text.length - 10;
      const runs = digitRuns(text);
      const want = reference(text, start);
      expect(numberContext(text, runs.codes, start), JSON.stringify(text)).toBe(want);
      clearRuns();
      if (want > 0) phone++;
      if (want < 0) other++;
    }
    expect(phone).toBeGreaterThan(2000);
    expect(other).toBeGreaterThan(2000);
  });
});

describe('IPv4 from the digit runs', () => {
  it('finds exactly what one global pattern over the text finds', () => {
    const octet = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
    const reference = new RegExp(`(?<![0-9A-Za-z.])${octet}(?:\\.${octet}){3}(?:\\/(?:3[0-2]|[12]?\\d)(?!\\d))?(?![0-9A-Za-z])`, 'g');
    const next = strings(17, '0123456789....../ a:');
    let hits = 0;
    for (let i = 0; i < 3000; i++) {
      const text = `${next()} 10.0.${i % 300}.${i % 7} ${next()}`;
      const want = [...text.matchAll(reference)].map((m) => `${m.index}:${m.index + m[0].length}`);
      const got = detectPii(text, { types: ['IP'], keepOverlaps: true })
        .filter((f) => !text.slice(f.start, f.end).includes(':'))
        .map((f) => `${f.start}:${f.end}`);
      expect(got, JSON.stringify(text)).toEqual(want);
      hits += want.length;
    }
    expect(hits).toBeGreaterThan(2000);
  });
});

describe('findings in start order', () => {
  it('merges the detectors’ ascending runs, or sorts many, exactly as a stable comparator sort does', () => {
    const random = mulberry32(23);
    for (const runs of [1, 2, 3, 9, 31, 32, 33, 200]) {
      const found: Finding[] = [];
      for (let r = 0; r < runs; r++) {
        let at = Math.floor(random() * 50);
        const length = Math.floor(random() * 30);
        for (let i = 0; i < length; i++) {
          at += Math.floor(random() * 4);
          found.push({ type: 'PHONE', start: at, end: at + 7, confidence: random() });
        }
      }
      const want = found.filter((f) => f.confidence >= 0.3).sort((a, b) => a.start - b.start);
      expect(byStart(found, 0.3), `${runs} runs`).toEqual(want);
      expect(byStart(found).map((f) => found.indexOf(f))).toEqual(
        [...found.keys()].sort((a, b) => (found[a] as Finding).start - (found[b] as Finding).start || a - b),
      );
    }
  });
});

describe('overlapping findings', () => {
  it('keep the most confident, then the longest, then the first, in pairs as in larger clusters', () => {
    const f = (start: number, end: number, confidence: number, type: Finding['type'] = 'PHONE'): Finding => ({
      type,
      start,
      end,
      confidence,
    });
    const cases: [Finding[], Finding[]][] = [
      [[f(0, 10, 0.6), f(5, 12, 0.9)], [f(5, 12, 0.9)]],
      [[f(0, 10, 0.9), f(5, 12, 0.6)], [f(0, 10, 0.9)]],
      [[f(0, 10, 0.8), f(5, 20, 0.8)], [f(5, 20, 0.8)]],
      [[f(0, 10, 0.8, 'CARD'), f(2, 12, 0.8)], [f(0, 10, 0.8, 'CARD')]],
      [
        [f(0, 10, 0.8), f(5, 20, 0.8), f(18, 30, 0.9)],
        [f(0, 10, 0.8), f(18, 30, 0.9)],
      ],
    ];
    for (const [found, want] of cases) expect(resolvePii(found)).toEqual(want);
  });
});
