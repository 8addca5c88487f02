/** The widget's strings. A locale is picked from `data-locale`, then the page's `lang`, then English. */
export type Strings = {
  open: string;
  close: string;
  title: string;
  placeholder: string;
  send: string;
  inputLabel: string;
  typing: string;
  errorGeneric: string;
  errorNetwork: string;
  errorRate: string;
  errorTooLong: string;
  errorOrigin: string;
  errorBlocked: string;
  retry: string;
  welcome: string;
};

const en: Strings = {
  open: 'Open support chat',
  close: 'Close chat',
  title: 'Support',
  placeholder: 'Type your question…',
  send: 'Send',
  inputLabel: 'Your message',
  typing: 'Assistant is typing…',
  errorGeneric: 'Sorry, something went wrong. Please try again.',
  errorNetwork: 'You seem to be offline. We will retry when the connection is back.',
  errorRate: 'You are sending messages too quickly. Please wait a moment.',
  errorTooLong: 'That message is too long. Please shorten it.',
  errorOrigin: 'Chat is not enabled on this website.',
  errorBlocked: 'Sorry, I can’t help with that request.',
  retry: 'Retry',
  welcome: 'Hi! How can we help?',
};

const zh: Strings = {
  open: '打开客服聊天',
  close: '关闭聊天',
  title: '在线客服',
  placeholder: '请输入您的问题…',
  send: '发送',
  inputLabel: '您的消息',
  typing: '助手正在输入…',
  errorGeneric: '抱歉，出了点问题，请重试。',
  errorNetwork: '网络似乎已断开，恢复后将自动重试。',
  errorRate: '您发送得太快了，请稍候。',
  errorTooLong: '消息太长，请缩短后再发送。',
  errorOrigin: '此网站未启用聊天。',
  errorBlocked: '抱歉，我无法处理这个请求。',
  retry: '重试',
  welcome: '您好！有什么可以帮您？',
};

export const STRINGS: Record<string, Strings> = { en, zh };

export function pickLocale(requested: string | null | undefined): string {
  const tag = (requested ?? document.documentElement.lang ?? 'en').toLowerCase();
  const base = tag.split('-')[0] ?? 'en';
  return base in STRINGS ? base : 'en';
}
