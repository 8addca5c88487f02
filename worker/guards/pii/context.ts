/**
 * Words just before a number that say what it is. "Phone:", "call me at", "电话" make a phone reading likelier
 * (and allow plans outside the locales); "order", "tracking", "invoice", "#" say it is some other number, which
 * masking would break. Read only for candidates that passed the cheap checks.
 */

/** How far back (code units) a context word may stand; one line break is allowed ("Phone:" on its own line). */
const WINDOW = 48;

/** Words that introduce a phone number (one pattern, `PHONE`; the prefilter reads its ASCII words). */
const PHONE_KEYWORDS = [
  ...['phone', 'tel', 'telephone', 'mobile', 'mob', 'cell', 'call', 'calls', 'ring', 'text me', 'sms', 'whatsapp', 'fax'],
  ...['contact', 'reach me', 'dial', 'hotline', 'telefon', 'telefonnummer', 'handy', 'mobil', 'téléphone', 'portable'],
  ...['tél', 'teléfono', 'móvil', 'celular', 'telefone', 'telemóvel', 'telefonszám', 'mobilnummer', '電話', '电话', '手机'],
  ...['手機', '联系', '聯繫', '致电', '拨打', '号码', '號碼', '携帯', '番号', '전화'],
];
/** Words that name another kind of number (`no.` and `nr.` with an optional dot). */
const OTHER_KEYWORDS = [
  ...['order', 'tracking', 'track', 'invoice', 'inv', 'receipt', 'ref', 'reference', 'ticket', 'case', 'booking'],
  ...['reservation', 'confirmation', 'account', 'acct', 'customer', 'member', 'sku', 'item', 'serial', 'model', 'isbn'],
  ...['zip', 'postal', 'postcode', 'plz', 'cp', 'code', 'no', 'nr', 'pedido', 'commande', 'bestellung', 'bestellnummer'],
  ...['rendelés', 'rendelésszám', 'beställning', 'ordernummer', 'ordine', 'bestelling', 'zamówienie', 'zamowienie'],
  ...['订单号', '订单', '单号', '编号', '快递', '運単', '注文番号', '注文', '番号は', '주문'],
];
/** Words that may follow one of `OTHER_KEYWORDS` ("order number", "ref no."). */
const SUFFIXES = ['number', 'num', 'no', 'nr', 'id', 'code'];
const dotted = (w: string) => (w === 'no' || w === 'nr' ? `${w}\\.?` : w);

const PHONE = new RegExp(`(?<![a-z])(?:${PHONE_KEYWORDS.join('|')})(?![a-z])[^\\n\\d]{0,32}\\n?[^\\n\\d]{0,4}$`, 'iu');
const OTHER = new RegExp(
  `(?<![a-z])(?:${OTHER_KEYWORDS.map(dotted).join('|')})(?:\\s*(?:${SUFFIXES.map(dotted).join('|')}))?[\\s:#.№-]{0,4}$`,
  'iu',
);
const SSN = /(?<![a-z])(?:ssn|ss#|social security|soc\.? sec\.?|sozialversicherung)\b[^\n\d]{0,16}$/i;

/** A hash of a word's ASCII letters in lower case, for the prefilters below (a collision only costs a pattern test). */
function wordHash(codes: ArrayLike<number>, a: number, b: number): number {
  let h = 0;
  for (let i = a; i < b; i++) h = (Math.imul(h, 31) + ((codes[i] as number) | 32)) | 0;
  return h;
}
const isAscii = (w: string) => /^[a-z]+$/.test(w);
const hashes = (words: readonly string[]) =>
  new Set(
    words.map((w) =>
      wordHash(
        Array.from(w, (c) => c.charCodeAt(0)),
        0,
        w.length,
      ),
    ),
  );

/** Every ASCII word of `PHONE` ("text me" and "reach me" by their first word). */
const PHONE_WORDS = hashes(PHONE_KEYWORDS.map((k) => k.split(' ')[0] as string).filter(isAscii));
/** The last word `OTHER` can end with: an ASCII keyword, a suffix, or the two written as one word. */
const OTHER_ASCII = OTHER_KEYWORDS.filter(isAscii);
const OTHER_WORDS = hashes([...OTHER_ASCII, ...SUFFIXES, ...OTHER_ASCII.flatMap((k) => SUFFIXES.map((x) => k + x))]);

const isAsciiLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
/** `[\s:#.№-]`: what may follow a keyword of `OTHER` before the number. */
const isTrail = (c: number) =>
  c === 58 ||
  c === 35 ||
  c === 46 ||
  c === 45 ||
  c === 0x2116 ||
  c === 32 ||
  (c >= 9 && c <= 13) ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

/**
 * Whether `OTHER` can match `codes[from..start)`: its last word, past the trailing punctuation, must be one of
 * `OTHER_WORDS`. A non-ASCII character there (a Chinese keyword, `rendelés`, a letter that folds to ASCII under
 * case-insensitive Unicode matching) leaves the decision to the pattern.
 */
function otherMayMatch(codes: Uint16Array, from: number, start: number): boolean {
  let e = start;
  while (e > from && isTrail(codes[e - 1] as number)) e--;
  if (e === from) return false;
  const c = codes[e - 1] as number;
  if (!isAsciiLetter(c)) return c >= 0x80;
  let p = e - 1;
  while (p > from && isAsciiLetter(codes[p - 1] as number)) p--;
  return (p > from && (codes[p - 1] as number) >= 0x80) || OTHER_WORDS.has(wordHash(codes, p, e));
}

/** Whether `PHONE` can match `codes[from..start)`: some ASCII word of it must be one of `PHONE_WORDS`. */
function phoneMayMatch(codes: Uint16Array, from: number, start: number): boolean {
  let p = from;
  while (p < start) {
    while (p < start && !isAsciiLetter(codes[p] as number)) p++;
    const a = p;
    while (p < start && isAsciiLetter(codes[p] as number)) p++;
    if (p > a && PHONE_WORDS.has(wordHash(codes, a, p))) return true;
  }
  return false;
}

/**
 * +1 when a phone context word comes just before `start`, -1 when a word naming another kind of number does, else 0.
 * `codes` are the text's code units (the scan's copy), read instead of the string when looking back; the patterns
 * run only where a cheap look at the words says they can match.
 */
export function numberContext(text: string, codes: Uint16Array, start: number): number {
  const from = contextStart(codes, start);
  if (from < 0) return 0;
  let before = '';
  if (otherMayMatch(codes, from, start)) {
    before = text.slice(from, start);
    if (OTHER.test(before)) return -1;
  }
  // `PHONE`'s words with accents or in Chinese and Japanese are left to the pattern.
  if (!hasWide(codes, from, start) && !phoneMayMatch(codes, from, start)) return 0;
  return PHONE.test(before || text.slice(from, start)) ? 1 : 0;
}

/** True when a word that means a US Social Security number comes just before `start`. */
export function ssnContext(text: string, codes: Uint16Array, start: number): boolean {
  const from = contextStart(codes, start);
  return from >= 0 && SSN.test(text.slice(from, start));
}

const hasWide = (codes: Uint16Array, a: number, b: number) => {
  for (let i = a; i < b; i++) if ((codes[i] as number) >= 0x80) return true;
  return false;
};

/**
 * Where the text a context word can stand in begins: back from `start` to the nearest digit (no pattern above
 * crosses one), at most `WINDOW` code units; -1 when it holds no letter, so dense digit text skips the patterns.
 */
function contextStart(codes: Uint16Array, start: number): number {
  const min = Math.max(0, start - WINDOW);
  let from = start;
  let letters = false;
  while (from > min) {
    const c = codes[from - 1] as number;
    if (c >= 48 && c <= 57) break;
    if (c >= 65) letters = true;
    from--;
  }
  return letters ? from : -1;
}
