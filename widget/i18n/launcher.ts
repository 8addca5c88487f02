/**
 * What the loader needs of i18n before the chat UI exists: the launcher's accessible name and the
 * locale choice. The panel's strings (`./index.ts`) load with the UI.
 */
export const LOCALES = ['en', 'zh', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LauncherStrings {
  open: string;
  unread: string;
}

export const LAUNCHER_STRINGS: Record<Locale, LauncherStrings> = {
  en: { open: 'Open support chat', unread: 'unread' },
  zh: { open: '打开客服聊天', unread: '条未读' },
  ar: { open: 'افتح دردشة الدعم', unread: 'غير مقروءة' },
};

const isLocale = (tag: string): tag is Locale => (LOCALES as readonly string[]).includes(tag);

/** The first supported locale among the candidates (full tags or base languages), then the page's `lang`, else English. */
export function pickLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of [...candidates, document.documentElement.lang]) {
    const base = (candidate ?? '').toLowerCase().split('-')[0] ?? '';
    if (isLocale(base)) return base;
  }
  return 'en';
}
