/**
 * A seeded synthetic PII set built the way Presidio's evaluation data is (presidio-research): faker values in many
 * locales poured into sentence templates, with the span of every value recorded. Templates are chat messages,
 * form fields, e-mail signatures and addresses; hard negatives (dates, times, order and tracking numbers, prices,
 * postal codes, street numbers, versions) are mixed in, inside positive cases and as cases of their own, and must
 * produce no finding. Values are faker's as drawn (faker's phone formats are random digits in each locale's
 * pattern, valid or not); only the 12-digit Maestro numbers are built here, as faker has none.
 */
import { allLocales, Faker, type LocaleDefinition } from '@faker-js/faker';
import type { PiiType } from '../../worker/guards/types';

/** The faker locales drawn from, with the BCP 47 tag a visitor in that locale would send. */
export const GEN_LOCALES: Readonly<Record<string, string>> = {
  en_US: 'en-US',
  en_GB: 'en-GB',
  de: 'de',
  fr: 'fr',
  es: 'es',
  pt_BR: 'pt-BR',
  sv: 'sv',
  hu: 'hu',
  zh_CN: 'zh-CN',
  ja: 'ja',
  it: 'it',
  nl: 'nl',
  pl: 'pl',
};

export interface GenSpan {
  type: PiiType;
  start: number;
  end: number;
}

export interface GenCase {
  text: string;
  /** The visitor's locale (BCP 47) the case was drawn in. */
  locale: string;
  /** Where the personal data is; empty for a hard negative. */
  spans: GenSpan[];
  /** The template's name, for reading misses. */
  template: string;
}

/** A piece of a template: literal text, a value to find, or a value that must not be found. */
type Part = string | { pii: PiiType; value: string } | { plain: string };

type Template = (v: Values) => Part[];

/** Value makers over one seeded faker. */
interface Values {
  f: Faker;
  phone(): Part;
  card(): Part;
  iban(): Part;
  email(): Part;
  ip(): Part;
  date(): Part;
  datetime(): Part;
  time(): Part;
  order(): Part;
  tracking(): Part;
  price(): Part;
  zip(): Part;
  street(): Part;
  version(): Part;
  name(): string;
  city(): string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function values(f: Faker): Values {
  const groupCard = (digits: string) => {
    const style = f.number.int(2);
    if (style === 0) return digits;
    const sep = style === 1 ? ' ' : '-';
    return digits.match(/.{1,4}/g)?.join(sep) ?? digits;
  };
  return {
    f,
    phone: () => ({
      pii: 'PHONE',
      value: f.phone.number({ style: f.helpers.arrayElement(['human', 'national', 'international']) }).replace(/ x\d+$/, ''),
    }),
    card: () => {
      if (f.number.int(5) === 0) {
        const body = f.helpers.arrayElement(['6304', '5018', '6759', '5020']) + f.string.numeric(7);
        return { pii: 'CARD', value: groupCard(body + luhnDigit(body)) };
      }
      const issuer = f.helpers.arrayElement(['visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners_club']);
      const raw = f.finance.creditCardNumber(issuer);
      const style = f.number.int(2);
      return { pii: 'CARD', value: style === 0 ? raw : style === 1 ? raw.replace(/-/g, ' ') : raw.replace(/-/g, '') };
    },
    iban: () => {
      const v = f.finance.iban({ formatted: f.datatype.boolean() });
      return { pii: 'IBAN', value: f.number.int(9) === 0 ? v.toLowerCase() : v };
    },
    email: () => ({ pii: 'EMAIL', value: f.internet.email() }),
    ip: () => ({ pii: 'IP', value: f.internet.ipv4() }),
    date: () => {
      const d = f.date.anytime();
      const [y, m, day] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
      return { plain: f.helpers.arrayElement([`${y}-${m}-${day}`, `${day}.${m}.${y}`, `${m}/${day}/${y}`, `${day}/${m}/${y}`]) };
    },
    datetime: () => {
      const d = f.date.anytime();
      return { plain: d.toISOString().slice(0, 19).replace('T', ' ') };
    },
    time: () => ({
      plain: `${f.number.int({ min: 0, max: 23 })}:${pad(f.number.int(59))}${f.datatype.boolean() ? `:${pad(f.number.int(59))}` : ''}`,
    }),
    order: () => ({ plain: f.helpers.arrayElement(['#', '', 'A-']) + f.string.numeric(f.number.int({ min: 6, max: 12 })) }),
    tracking: () => ({
      plain: f.helpers.arrayElement([f.string.numeric(f.number.int({ min: 12, max: 22 })), `1Z${f.string.alphanumeric(16).toUpperCase()}`]),
    }),
    price: () => {
      const amount = f.commerce.price({ min: 1, max: 99999 });
      return {
        plain: f.helpers.arrayElement([
          `$${amount}`,
          `€${amount}`,
          `£ ${amount}`,
          `${amount} €`,
          `${amount.replace('.', ',')} kr`,
          `${amount} EUR`,
          `¥${amount}`,
        ]),
      };
    },
    zip: () => ({ plain: f.location.zipCode() }),
    street: () => ({ plain: f.location.streetAddress(f.datatype.boolean()) }),
    version: () => ({
      plain: f.helpers.arrayElement([
        f.system.semver(),
        `v${f.system.semver()}`,
        `${f.number.int(12)}.0.${f.string.numeric(5)}.${f.number.int(900)}`,
      ]),
    }),
    name: () => f.person.fullName(),
    city: () => f.location.city(),
  };
}

/** Templates in English (all locales) plus the locale's own words where it has a template of its own. */
const TEMPLATES: Record<string, Template> = {
  chatCall: (v) => ['Hi, please call me at ', v.phone(), ' after ', v.time(), ', thanks!'],
  chatReach: (v) => ['You can reach me on ', v.phone(), ' or write to ', v.email(), '.'],
  formPhoneLine: (v) => ['Name: ', v.name(), '\nPhone:\n', v.phone(), '\nDate: ', v.date()],
  formFields: (v) => ['Name: ', v.name(), '\nEmail: ', v.email(), '\nPhone: ', v.phone(), '\nOrder: ', v.order()],
  signature: (v) => ['Best regards,\n', v.name(), '\n', v.street(), ', ', v.zip(), ' ', v.city(), '\nTel. ', v.phone(), '\n', v.email()],
  address: (v) => ['Ship to ', v.street(), ', ', v.zip(), ' ', v.city(), '. Mobile: ', v.phone()],
  cardPay: (v) => ['I paid ', v.price(), ' with my card ', v.card(), ' on ', v.date(), '.'],
  cardBare: (v) => ['card number ', v.card(), ' — the charge on ', v.datetime(), ' is wrong'],
  ibanRefund: (v) => ['Please refund ', v.price(), ' to IBAN ', v.iban(), ' (order ', v.order(), ').'],
  ibanForm: (v) => ['Account holder: ', v.name(), '\nIBAN: ', v.iban(), '\nAmount: ', v.price()],
  ipLog: (v) => ['Login from ', v.ip(), ' at ', v.datetime(), ' failed; server runs ', v.version(), '.'],
  ipChat: (v) => ['my router is ', v.ip(), ' and the app version is ', v.version()],
  mixed: (v) => ['Contact ', v.name(), ': ', v.phone(), ', ', v.email(), ', card ', v.card()],
  negOrder: (v) => ['Your order ', v.order(), ' from ', v.date(), ' ships ', v.datetime(), '.'],
  negTracking: (v) => ['Tracking number: ', v.tracking(), ', expected by ', v.date(), '.'],
  negPrice: (v) => ['The total is ', v.price(), ' incl. VAT, paid ', v.date(), ' at ', v.time(), '.'],
  negAddress: (v) => ['We moved to ', v.street(), ', ', v.zip(), ' ', v.city(), '.'],
  negVersion: (v) => ['Update to ', v.version(), ' released ', v.datetime(), '.'],
};

const LOCAL_TEMPLATES: Record<string, Record<string, Template>> = {
  zh_CN: {
    zhPhone: (v) => ['我的电话是', v.phone(), '，邮箱', v.email(), '。'],
    zhMobile: (v) => ['手机：', v.phone(), '\n订单号：', v.order()],
  },
  ja: { jaPhone: (v) => ['電話番号：', v.phone(), '、注文番号 ', v.order()] },
  de: { dePhone: (v) => ['Telefon: ', v.phone(), ', Bestellung ', v.order(), ' vom ', v.date()] },
  fr: { frPhone: (v) => ['Téléphone : ', v.phone(), ' — commande ', v.order()] },
  es: { esPhone: (v) => ['Mi teléfono es ', v.phone(), ', pedido ', v.order()] },
  sv: { svPhone: (v) => ['Ring mig på ', v.phone(), ' efter ', v.time()] },
  hu: { huPhone: (v) => ['Telefonszám: ', v.phone(), ', rendelés: ', v.order()] },
  pt_BR: { ptPhone: (v) => ['Meu telefone: ', v.phone(), ', pedido ', v.order()] },
};

const REF_DATE = new Date('2026-06-01T00:00:00Z');
const fakers = new Map<string, Faker>();
function fakerFor(locale: string): Faker {
  let f = fakers.get(locale);
  if (!f) {
    const chain = [allLocales[locale as keyof typeof allLocales], allLocales.en, allLocales.base] as LocaleDefinition[];
    f = new Faker({ locale: chain });
    // Dates are drawn around a fixed day, not around now: the same seed must give the same texts on any day.
    f.setDefaultRefDate(REF_DATE);
    fakers.set(locale, f);
  }
  return f;
}

/** `size` cases drawn with `seed`: the same seed gives the same cases. Locales and templates round-robin. */
export function generatePiiCases(seed: number, size: number): GenCase[] {
  const locales = Object.keys(GEN_LOCALES);
  const out: GenCase[] = [];
  for (let i = 0; i < size; i++) {
    const locale = locales[i % locales.length] as string;
    const f = fakerFor(locale);
    f.seed(seed * 100003 + i);
    const names = [...Object.keys(TEMPLATES), ...Object.keys(LOCAL_TEMPLATES[locale] ?? {})];
    const name = f.helpers.arrayElement(names);
    const template = TEMPLATES[name] ?? LOCAL_TEMPLATES[locale]?.[name];
    if (!template) continue;
    let text = '';
    const spans: GenSpan[] = [];
    for (const part of template(values(f))) {
      if (typeof part === 'string') text += part;
      else if ('pii' in part) {
        spans.push({ type: part.pii, start: text.length, end: text.length + part.value.length });
        text += part.value;
      } else text += part.plain;
    }
    out.push({ text, locale: GEN_LOCALES[locale] as string, spans, template: name });
  }
  return out;
}
