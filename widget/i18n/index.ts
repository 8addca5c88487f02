/**
 * The chat panel's strings, one set per locale of `./launcher.ts` (which picks the locale: `data-locale` /
 * `setLocale`, then the site config, then the page's `lang`, then English). Arabic proves the right-to-left layout.
 */
import type { Locale } from './launcher';

/** The keys of a locale's table, in the order each table below lists its strings. */
const KEYS = [
  'close',
  'title',
  'placeholder',
  'send',
  'inputLabel',
  'typing',
  'errorGeneric',
  'errorNetwork',
  'errorRate',
  'errorBlocked',
  'retry',
  'welcome',
  'stop',
  'offline',
  'queued',
  'up',
  'down',
  'handoff',
  'agent',
] as const;

export type Strings = Record<(typeof KEYS)[number], string>;

/** A locale's strings, given in `KEYS` order: the keys are written once, not once per locale. */
const table = (texts: string[]): Strings => Object.fromEntries(KEYS.map((key, index) => [key, texts[index]])) as Strings;

const en = table([
  'Close chat', // close
  'Support', // title
  'Type your question…', // placeholder
  'Send', // send
  'Your message', // inputLabel
  'Assistant is typing…', // typing
  'Sorry, something went wrong. Please try again.', // errorGeneric
  'You seem to be offline. We will retry when the connection is back.', // errorNetwork
  'You are sending messages too quickly. Please wait a moment.', // errorRate
  'Sorry, I can’t help with that request.', // errorBlocked
  'Retry', // retry
  'Hi! How can we help?', // welcome
  'Stop generating', // stop
  'You are offline. Messages will be sent when the connection is back.', // offline
  'Waiting to send', // queued
  'Helpful', // up
  'Not helpful', // down
  'A member of our team will join this conversation.', // handoff
  'Support agent', // agent
]);

const zh = table([
  '关闭聊天', // close
  '在线客服', // title
  '请输入您的问题…', // placeholder
  '发送', // send
  '您的消息', // inputLabel
  '助手正在输入…', // typing
  '抱歉，出了点问题，请重试。', // errorGeneric
  '网络似乎已断开，恢复后将自动重试。', // errorNetwork
  '您发送得太快了，请稍候。', // errorRate
  '抱歉，我无法处理这个请求。', // errorBlocked
  '重试', // retry
  '您好！有什么可以帮您？', // welcome
  '停止生成', // stop
  '您已离线，恢复连接后将自动发送消息。', // offline
  '等待发送', // queued
  '有帮助', // up
  '没有帮助', // down
  '人工客服将加入本次对话。', // handoff
  '人工客服', // agent
]);

const ar = table([
  'أغلق الدردشة', // close
  'الدعم', // title
  'اكتب سؤالك…', // placeholder
  'إرسال', // send
  'رسالتك', // inputLabel
  'المساعد يكتب…', // typing
  'عذرًا، حدث خطأ ما. يرجى المحاولة مرة أخرى.', // errorGeneric
  'يبدو أنك غير متصل. سنعيد المحاولة عند عودة الاتصال.', // errorNetwork
  'أنت ترسل الرسائل بسرعة كبيرة. يرجى الانتظار قليلًا.', // errorRate
  'عذرًا، لا يمكنني المساعدة في هذا الطلب.', // errorBlocked
  'إعادة المحاولة', // retry
  'مرحبًا! كيف يمكننا مساعدتك؟', // welcome
  'إيقاف الإنشاء', // stop
  'أنت غير متصل. سيتم إرسال الرسائل عند عودة الاتصال.', // offline
  'في انتظار الإرسال', // queued
  'مفيد', // up
  'غير مفيد', // down
  'سينضم أحد أعضاء فريقنا إلى هذه المحادثة.', // handoff
  'موظف الدعم', // agent
]);

export const STRINGS: Record<string, Strings> = { en, zh, ar } satisfies Record<Locale, Strings>;
export const RTL = new Set(['ar', 'he', 'fa', 'ur']);
