/**
 * Which national numbering plans a phone candidate without `+` is read in: the regions of the site's and the
 * visitor's locales first, then a few widely used plans (the fallback) that only count with stronger evidence.
 */
import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max';

/** The region a bare language tag most likely means (`de` → DE, `sv` → SE, `en` → US). */
const LANGUAGE_REGION: Record<string, CountryCode> = {
  en: 'US',
  zh: 'CN',
  ja: 'JP',
  ko: 'KR',
  de: 'DE',
  fr: 'FR',
  es: 'ES',
  pt: 'PT',
  it: 'IT',
  nl: 'NL',
  sv: 'SE',
  nb: 'NO',
  nn: 'NO',
  no: 'NO',
  da: 'DK',
  fi: 'FI',
  hu: 'HU',
  pl: 'PL',
  cs: 'CZ',
  sk: 'SK',
  ro: 'RO',
  el: 'GR',
  tr: 'TR',
  ru: 'RU',
  uk: 'UA',
  he: 'IL',
  ar: 'SA',
  hi: 'IN',
  th: 'TH',
  vi: 'VN',
  id: 'ID',
  ms: 'MY',
};

/** Plans tried after the locales' regions: China and NANP (the demo site's markets), then Presidio's defaults. */
export const FALLBACK_REGIONS: readonly CountryCode[] = ['CN', 'US', 'GB', 'DE', 'FR', 'IN', 'IL', 'BR', 'JP'];

/** The region of one BCP 47 tag (`pt-BR` → BR, `zh-Hans-CN` → CN, `en_GB` → GB, `de` → DE), if known. */
export function regionOf(locale: string): CountryCode | undefined {
  const parts = locale.replace(/_/g, '-').split('-');
  for (const p of parts.slice(1)) {
    const code = p.toUpperCase() === 'UK' ? 'GB' : p.toUpperCase();
    if (/^[A-Z]{2}$/.test(code) && isSupportedCountry(code)) return code as CountryCode;
  }
  return LANGUAGE_REGION[(parts[0] ?? '').toLowerCase()];
}

/** The preferred regions of some locales (site's first, then the visitor's), without repeats. */
export function regionsFor(locales: readonly (string | undefined)[]): CountryCode[] {
  const out: CountryCode[] = [];
  for (const l of locales) {
    const r = l ? regionOf(l) : undefined;
    if (r && !out.includes(r)) out.push(r);
  }
  return out;
}
