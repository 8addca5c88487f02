/**
 * The chat panel's strings, one set per locale of `./launcher.ts` (which picks the locale: `data-locale` /
 * `setLocale`, then the site config, then the page's `lang`, then English). Arabic proves the right-to-left layout.
 */
import type { Locale } from './launcher';

export type Strings = {
  close: string;
  title: string;
  placeholder: string;
  send: string;
  inputLabel: string;
  typing: string;
  errorGeneric: string;
  errorNetwork: string;
  errorRate: string;
  errorBlocked: string;
  retry: string;
  welcome: string;
  stop: string;
  offline: string;
  queued: string;
  up: string;
  down: string;
  handoff: string;
  agent: string;
};

const en: Strings = {
  close: 'Close chat',
  title: 'Support',
  placeholder: 'Type your question…',
  send: 'Send',
  inputLabel: 'Your message',
  typing: 'Assistant is typing…',
  errorGeneric: 'Sorry, something went wrong. Please try again.',
  errorNetwork: 'You seem to be offline. We will retry when the connection is back.',
  errorRate: 'You are sending messages too quickly. Please wait a moment.',
  errorBlocked: 'Sorry, I can’t help with that request.',
  retry: 'Retry',
  welcome: 'Hi! How can we help?',
  stop: 'Stop generating',
  offline: 'You are offline. Messages will be sent when the connection is back.',
  queued: 'Waiting to send',
  up: 'Helpful',
  down: 'Not helpful',
  handoff: 'A member of our team will join this conversation.',
  agent: 'Support agent',
};

const zh: Strings = {
  close: '关闭聊天',
  title: '在线客服',
  placeholder: '请输入您的问题…',
  send: '发送',
  inputLabel: '您的消息',
  typing: '助手正在输入…',
  errorGeneric: '抱歉，出了点问题，请重试。',
  errorNetwork: '网络似乎已断开，恢复后将自动重试。',
  errorRate: '您发送得太快了，请稍候。',
  errorBlocked: '抱歉，我无法处理这个请求。',
  retry: '重试',
  welcome: '您好！有什么可以帮您？',
  stop: '停止生成',
  offline: '您已离线，恢复连接后将自动发送消息。',
  queued: '等待发送',
  up: '有帮助',
  down: '没有帮助',
  handoff: '人工客服将加入本次对话。',
  agent: '人工客服',
};

const ar: Strings = {
  close: 'أغلق الدردشة',
  title: 'الدعم',
  placeholder: 'اكتب سؤالك…',
  send: 'إرسال',
  inputLabel: 'رسالتك',
  typing: 'المساعد يكتب…',
  errorGeneric: 'عذرًا، حدث خطأ ما. يرجى المحاولة مرة أخرى.',
  errorNetwork: 'يبدو أنك غير متصل. سنعيد المحاولة عند عودة الاتصال.',
  errorRate: 'أنت ترسل الرسائل بسرعة كبيرة. يرجى الانتظار قليلًا.',
  errorBlocked: 'عذرًا، لا يمكنني المساعدة في هذا الطلب.',
  retry: 'إعادة المحاولة',
  welcome: 'مرحبًا! كيف يمكننا مساعدتك؟',
  stop: 'إيقاف الإنشاء',
  offline: 'أنت غير متصل. سيتم إرسال الرسائل عند عودة الاتصال.',
  queued: 'في انتظار الإرسال',
  up: 'مفيد',
  down: 'غير مفيد',
  handoff: 'سينضم أحد أعضاء فريقنا إلى هذه المحادثة.',
  agent: 'موظف الدعم',
};

export const STRINGS: Record<string, Strings> = { en, zh, ar } satisfies Record<Locale, Strings>;
export const RTL = new Set(['ar', 'he', 'fa', 'ur']);
