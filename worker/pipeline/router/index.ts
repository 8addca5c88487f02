/**
 * The intent router (DESIGN decision 7): rules first, then the classifier trained at publish time, with a
 * confidence threshold below which the message is out of scope; unmatched messages get a tier from how
 * hard they look. Pure and fast: no I/O, no training on the request path.
 */
import type { Intent, SiteConfig } from '../../../shared/config';
import type { Tier } from '../../../shared/protocol';
import { BACKGROUND_EXAMPLES, OOS_LABEL } from './background';
import { type Classifier, loadClassifier } from './classifier';
import { assessComplexity } from './complexity';
import { HAN, normaliseText } from './features';
import type { ClassifierModel } from './model';
import { type CompiledRules, compileRules } from './rules';
import { trainClassifier } from './trainer';

export type { ClassifierModel } from './model';

/** What the router decided for one message, and why. */
export interface RouteDecision {
  intent: string | null;
  confidence: number;
  tier: Tier;
  reason: string;
  handoff: boolean;
  /** The canned answer in the visitor's locale, when the intent has one. */
  answer: string | null;
  systemPrompt: string | null;
  cacheable: boolean;
  cacheTtl: number | null;
  /** The classifier's best guess even when it was below the threshold (for the try-it box). */
  candidate: { intent: string; confidence: number } | null;
}

export interface Router {
  route(text: string, locale?: string): RouteDecision;
}

/**
 * Train the classifier of a site's intents (publish time): examples plus keywords as short examples, and
 * the built-in background class of off-topic messages.
 */
export function trainRouterModel(intents: Intent[]): ClassifierModel {
  const examples = intents.flatMap((i) => [...i.examples, ...i.keywords].map((text) => ({ text, label: i.id })));
  if (examples.length === 0) return trainClassifier([]);
  return trainClassifier([...examples, ...BACKGROUND_EXAMPLES.map((text) => ({ text, label: OOS_LABEL }))], { oosLabel: OOS_LABEL });
}

/** Examples (and keywords) from which an intent's evidence floor starts to grow, and at which it is full. */
const FLOOR_FROM = 6;
const FLOOR_FULL = 20;

/** The evidence floor of an intent trained on `examples` examples in the message's script (see `RouterSettings`). */
export function evidenceFloor(minScore: number, growth: number, examples: number): number {
  const t = Math.min(1, Math.max(0, (examples - FLOOR_FROM) / (FLOOR_FULL - FLOOR_FROM)));
  return minScore * (1 + (growth - 1) * t);
}

function localeOf(text: string, fallback: string): string {
  if (HAN.test(text)) return 'zh';
  if (/\p{Script=Arabic}/u.test(text)) return 'ar';
  return /[a-z]/i.test(text) ? 'en' : fallback;
}

/** Build a router from a site config and its stored model (rules compile here; nothing is trained). */
export function compileRouter(site: SiteConfig, model: ClassifierModel): Router {
  const rules: CompiledRules = compileRules(site.intents);
  const clf: Classifier = loadClassifier(model);
  const byId = new Map(site.intents.map((i) => [i.id, i]));
  const { threshold, minScore, minScoreGrowth } = site.router;
  // Per intent, its floor for a message without Han characters and for one with them.
  const floors = new Map(
    site.intents.map((i) => {
      const texts = [...i.examples, ...i.keywords];
      const han = texts.filter((t) => HAN.test(t)).length;
      const floor = (n: number) => round(evidenceFloor(minScore, minScoreGrowth, n));
      return [i.id, [floor(texts.length - han), floor(han)] as const];
    }),
  );
  const decided = (intent: Intent, confidence: number, reason: string, text: string, locale?: string): RouteDecision => {
    const loc = locale ?? localeOf(text, site.locale);
    const answers = intent.answer ?? {};
    const answer = answers[loc] ?? answers[site.locale] ?? Object.values(answers)[0] ?? null;
    return {
      intent: intent.id,
      confidence,
      tier: intent.tier,
      reason,
      handoff: intent.handoff,
      answer,
      systemPrompt: intent.systemPrompt ?? null,
      cacheable: intent.cacheable,
      cacheTtl: intent.cacheTtl ?? null,
      candidate: { intent: intent.id, confidence },
    };
  };
  return {
    route(text, locale) {
      const norm = normaliseText(text);
      const hit = rules.match(text, norm);
      const ruled = hit && byId.get(hit.intentId);
      if (ruled && hit) return decided(ruled, 1, hit.reason, text, locale);
      const p = clf.predictNormalised(norm);
      const background = p.label === OOS_LABEL;
      const best = background ? p.second : p.label ? { label: p.label, confidence: p.confidence } : null;
      const guess = best ? byId.get(best.label) : undefined;
      const conf = round(best?.confidence ?? 0);
      const evidence = round(p.evidence);
      const floor = guess ? (floors.get(guess.id)?.[HAN.test(text) ? 1 : 0] ?? minScore) : minScore;
      if (guess && !background && conf >= threshold && evidence >= floor) {
        return decided(guess, conf, `classifier ${conf} ≥ threshold ${threshold}`, text, locale);
      }
      const c = assessComplexity(text);
      const why = background
        ? `out of scope (closest to off-topic examples${guess ? `; best intent "${guess.id}" ${conf}` : ''}); ${c.reason}`
        : guess && conf >= threshold
          ? `out of scope (best "${guess.id}" ${conf}, but its evidence ${evidence} < ${floor}); ${c.reason}`
          : guess
            ? `out of scope (best "${guess.id}" ${conf} < ${threshold}); ${c.reason}`
            : `out of scope; ${c.reason}`;
      return {
        intent: null,
        confidence: conf,
        tier: c.tier,
        reason: why,
        handoff: false,
        answer: null,
        systemPrompt: null,
        cacheable: true,
        cacheTtl: null,
        candidate: guess ? { intent: guess.id, confidence: conf } : null,
      };
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

const attached = new WeakMap<SiteConfig, Router>();

/** Remember the router built from a stored model for this config object (done by the site loader). */
export function attachRouter(site: SiteConfig, router: Router): void {
  attached.set(site, router);
}

/**
 * The router of a site: the one attached when it was loaded with its published model, else one
 * trained once for this config object (sites built in code, e.g. tests) and then kept.
 */
export function routerFor(site: SiteConfig): Router {
  let r = attached.get(site);
  if (!r) {
    r = compileRouter(site, trainRouterModel(site.intents));
    attached.set(site, r);
  }
  return r;
}
