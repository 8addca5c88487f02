/** Stage 1: the input guard and PII mask, on the visitor's message and the conversation's history. */
import type { SiteConfig } from '../../../shared/config';
import { DEFAULT_GUARDS } from '../../guards/default-policy';
import { type GuardedInput, guardTurnInput } from '../../guards/stage';
import type { TurnInput, TurnPorts } from './types';

/** Guard and mask the message under the site's policy; throws `ScanFailure` when a scan cannot finish. */
export function guardStage(input: TurnInput, ports: TurnPorts): GuardedInput {
  return guardTurnInput({
    policy: input.site.guards ?? DEFAULT_GUARDS,
    text: input.message.text,
    history: input.history,
    publicTexts: publishedTexts(input.site),
    now: ports.now,
    random: ports.random ?? Math.random,
    locales: [input.site.locale, input.locale],
    ...(input.vault ? { vault: input.vault } : {}),
    ...(ports.guardScanners ? { scanners: ports.guardScanners } : {}),
    ...(ports.piiScanner ? { pii: ports.piiScanner } : {}),
  });
}

const publicTextsBySite = new WeakMap<SiteConfig, string[]>();

/** The answers a site publishes (one array per config object, so the guards scan them once per version). */
function publishedTexts(site: SiteConfig): string[] {
  let texts = publicTextsBySite.get(site);
  if (!texts) {
    texts = [...site.faq.map((f) => f.answer), ...site.intents.flatMap((i) => Object.values(i.answer ?? {}))];
    publicTextsBySite.set(site, texts);
  }
  return texts;
}
