/**
 * Prompt-injection heuristics on visitor input (en, zh): instructions to drop the rules, role-play jailbreaks,
 * and requests for the system prompt. Each rule has a name that goes to the audit log as `block:injection.<name>`.
 */
const RULES: { name: string; re: RegExp }[] = [
  {
    name: 'ignore_rules',
    re: /\b(?:ignore|disregard|forget|bypass|override|skip)\b[^.!?\n]{0,40}\b(?:previous|prior|above|earlier|all|any|your|the|these|those|initial|original|system)\b[^.!?\n]{0,30}\b(?:instructions?|rules?|prompts?|guidelines?|directives?|polic(?:y|ies)|restrictions?|programming|training)\b/i,
  },
  { name: 'ignore_rules', re: /(?:忽略|无视|忘记|忘掉|不要理会|绕过)[^。！？\n]{0,12}(?:指令|指示|规则|提示|设定|限制|要求)/ },
  {
    name: 'jailbreak',
    re: /\b(?:DAN|do anything now|jailbr(?:eak|oken)|developer mode|dev mode|god mode|unfiltered|uncensored|no (?:restrictions|limits|filters|rules|guidelines|ethics)|without (?:any )?(?:restrictions|limits|filters|rules|censorship|guidelines|moral|ethic)|anti-?gpt|evil (?:bot|ai|assistant)|STAN|DUDE|AIM)\b/,
  },
  {
    name: 'jailbreak',
    re: /\b(?:jailbr(?:eak|oken)|developer mode|do anything now|no (?:restrictions|filters|guidelines|ethical)|without (?:any )?(?:restrictions|filters|censorship|guidelines|ethical|moral)|(?:pretend|act|behave|roleplay|role-play)\b[^.\n]{0,60}\b(?:no|without|free from|unbound|not bound)\b[^.\n]{0,30}\b(?:rules|restrictions|limits|filters|guidelines|policies|ethics|morals))\b/i,
  },
  {
    name: 'jailbreak',
    re: /\b(?:you are|you're|you will be|from now on,? you)\b[^.\n]{0,40}\b(?:no longer|not)\b[^.\n]{0,30}\b(?:an? )?(?:AI|assistant|language model|chatgpt|bound|restricted)\b/i,
  },
  {
    name: 'jailbreak',
    re: /(?:越狱|开发者模式|不受(?:任何)?(?:限制|约束)|没有(?:任何)?(?:限制|规则|道德)|扮演[^。\n]{0,20}(?:没有|不受|无视))/,
  },
  {
    name: 'system_prompt',
    re: /\b(?:(?:system|initial|original|hidden|secret|starting|pre-?)\s*(?:prompt|instructions)|system\s*(?:message|configuration|directives?))\b/i,
  },
  {
    name: 'system_prompt',
    re: /\b(?:repeat|print|output|show|reveal|display|tell me|what (?:are|were|is)|give me|write out|copy)\b[^.?!\n]{0,50}\b(?:instructions?|prompt|text|words|everything|all)\b[^.?!\n]{0,40}\b(?:above|before|given|told|at the (?:beginning|start)|verbatim|this conversation)\b/i,
  },
  { name: 'system_prompt', re: /\bwhat were you told\b|\byour (?:instructions|rules|prompt)\b/i },
  { name: 'system_prompt', re: /(?:系统提示|系统指令|提示词|初始指令|你的(?:指令|设定|规则)|上面的(?:内容|文字|指令))/ },
];

/** The injection rules that `text` trips, by name (deduplicated, in rule order). */
export function detectInjection(text: string): string[] {
  const hits: string[] = [];
  for (const r of RULES) if (!hits.includes(r.name) && r.re.test(text)) hits.push(r.name);
  return hits;
}
