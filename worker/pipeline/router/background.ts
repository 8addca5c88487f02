/**
 * Off-topic messages trained as an out-of-scope class next to every site's intents. A site has a few
 * examples per intent, so without a background class the classifier is sure of *some* intent for any
 * message ("book me a flight" → talk-to-human); CLINC150 trains its `oos` class the same way.
 */

/** The label of the background class; intent ids are slugs starting with a letter or digit, so it cannot clash. */
export const OOS_LABEL = '__oos__';

export const BACKGROUND_EXAMPLES: string[] = [
  'book me a flight to tokyo',
  'what is the weather like tomorrow',
  'tell me a joke',
  'who won the football game last night',
  'what is the capital of peru',
  'how tall is mount everest',
  'play some music',
  'set an alarm for 7 am',
  'what is 17 times 23',
  'translate this sentence into french',
  'write a poem about the sea',
  'who is the president of france',
  'recommend a good movie to watch',
  'how do I fix my car engine',
  'what is the meaning of life',
  'explain quantum physics to me',
  'find a restaurant near me',
  'how many calories are in a banana',
  'what time is it in london',
  'my python code throws an exception',
  'help me with my homework',
  'what are the symptoms of the flu',
  'how do I invest in stocks',
  'is it going to rain today',
  '今天天气怎么样',
  '给我讲个笑话',
  '帮我订一张去北京的机票',
  '昨晚的球赛谁赢了',
  '一加一等于几',
  '推荐一部好看的电影',
  '附近有什么好吃的餐厅',
  '帮我写一首诗',
  '股票怎么投资',
  '现在几点了',
  '我的电脑开不了机',
  '明天会下雨吗',
];
