/**
 * What the visitor reads around an action, in their locale (en, zh, ar): the progress line, the polite
 * answer when a call fails, the replies to a confirmation, and a reply built from a result.
 */
import type { SiteAction } from '../../shared/actions';
import type { ActionCallResult } from './call';

type Lang = 'en' | 'zh' | 'ar';

const TEXT: Record<Lang, { status: string; failed: string; declined: string; done: string; expired: string }> = {
  en: {
    status: 'Looking that up…',
    failed: "Sorry, I couldn't look that up just now. Please try again in a moment, or ask to talk to a person.",
    declined: "OK, I haven't done that.",
    done: 'Done.',
    expired: 'That request has lapsed; ask again if you still want it.',
  },
  zh: {
    status: '正在查询…',
    failed: '抱歉，暂时无法查询。请稍后再试，或转人工客服。',
    declined: '好的，我没有执行该操作。',
    done: '已完成。',
    expired: '该请求已过期；如仍需要，请重新提出。',
  },
  ar: {
    status: 'جارٍ البحث…',
    failed: 'عذرًا، لم أتمكن من البحث الآن. حاول مرة أخرى بعد قليل، أو اطلب التحدث إلى موظف.',
    declined: 'حسنًا، لم أقم بذلك.',
    done: 'تم.',
    expired: 'انتهت صلاحية هذا الطلب؛ اطلبه مرة أخرى إن كنت لا تزال تريده.',
  },
};

/** The visitor's language among those the texts are written in (English otherwise). */
export function langOf(locale: string | undefined): Lang {
  const base = (locale ?? 'en').toLowerCase().split(/[-_]/)[0];
  return base === 'zh' || base === 'ar' ? base : 'en';
}

export function actionText(locale: string | undefined, key: keyof (typeof TEXT)['en']): string {
  return TEXT[langOf(locale)][key];
}

/** The progress line while `action` runs: the site's own for the locale, else a generic one. */
export function statusText(action: SiteAction, locale: string | undefined): string {
  const lang = langOf(locale);
  return action.status?.[lang] ?? action.status?.en ?? TEXT[lang].status;
}

/** What the confirm card says will be done: the action's description and the arguments it will get. */
export function confirmSummary(action: SiteAction, args: Record<string, unknown>): string {
  const shown = Object.entries(args)
    .filter(([k]) => !(action.identity ?? []).includes(k as 'userId'))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return shown.length ? `${action.description} (${shown.join(', ')})` : action.description;
}

/** The content of the `tool` message a result becomes: the body as JSON text, or the failure. */
export function toolContent(result: ActionCallResult): string {
  if (result.ok) return typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  return JSON.stringify({ error: result.error?.code ?? 'upstream_error' });
}

/**
 * A reply from a result without a model: the endpoint's own `message` (or `answer`) in the visitor's
 * locale or as given, else a template filled with the result's top-level fields (`{status}`), else "Done.".
 */
export function replyFromResult(result: ActionCallResult, locale: string | undefined, template?: string): string {
  const body = result.body;
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  if (template) {
    let missing = false;
    const text = template.replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = fields[k];
      if (v === undefined || v === null) missing = true;
      return typeof v === 'object' ? JSON.stringify(v) : String(v ?? '');
    });
    if (!missing) return text;
  }
  for (const key of ['message', 'answer']) {
    const v = fields[key];
    if (typeof v === 'string' && v.trim()) return v;
    if (v && typeof v === 'object') {
      const localized = (v as Record<string, unknown>)[langOf(locale)] ?? (v as Record<string, unknown>).en;
      if (typeof localized === 'string' && localized.trim()) return localized;
    }
  }
  if (typeof body === 'string' && body.trim()) return body;
  return actionText(locale, 'done');
}
