/** The panel's strings in Chinese, in the key order of `./index.ts` (`KEYS`): a chunk of its own, loaded only for this locale. */
export default [
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
];
