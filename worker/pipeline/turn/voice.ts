/** The assistant's voice: its system prompt from the site's `assistant` settings, and what it says in the visitor's language. */
import type { Locale, SiteConfig } from '../../../shared/config';

/** The visitor's language from the script of the message (Han → zh, Arabic → ar, Latin → en), else the site's. */
export function visitorLocale(text: string, site: SiteConfig): Locale {
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (/\p{Script=Arabic}/u.test(text)) return 'ar';
  return /[a-z]/i.test(text) ? 'en' : site.locale;
}

/** The system prompt before any intent additions: who the assistant is, and the site's instructions for this language. */
export function assistantPrompt(site: SiteConfig, locale: Locale): string {
  const a = site.assistant;
  const who = a?.name
    ? `You are ${a.name}, the customer-support assistant of ${site.name}.`
    : `You are the customer-support assistant of ${site.name}.`;
  const lines = [`${who} Answer briefly and politely. If you do not know, say so and offer a human agent.`];
  const extra = a?.instructions[locale] ?? a?.instructions[site.locale];
  if (extra) lines.push(extra);
  return lines.join('\n');
}

/** What the visitor is told when the site's knowledge has no answer (strict mode: no model was asked). */
export const NO_KNOWLEDGE: Record<Locale, string> = {
  en: "I'm sorry, I don't have an answer to that in our help content, and I won't guess. A member of our team can help: just ask to talk to a person.",
  zh: '抱歉，我们的帮助资料里没有找到这个问题的答案，我不想随意猜测。如需帮助，您可以要求转人工，由客服为您解答。',
  ar: 'عذرًا، لم أجد إجابة عن ذلك في محتوى المساعدة لدينا، ولا أريد التخمين. يمكن لأحد أعضاء فريقنا مساعدتك: فقط اطلب التحدث إلى شخص.',
};
