/**
 * What the console's context panel shows about a conversation's visitor, kept in the conversation's own
 * state: the locale and page of their latest message, the identity a signed visitor token gave, and the
 * intents routed so far (read from the stored `meta` frames).
 */
import type { VisitorContext } from '../../shared/inbox';
import type { ConversationStore } from '../conversation/store';

const KEY = 'visitor_context';

/** A page URL as the console may show it: origin and path only (no query, no fragment); undefined when not http(s). */
export function pageOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return `${url.origin}${url.pathname}`.slice(0, 512);
  } catch {
    return undefined;
  }
}

type Seen = Omit<VisitorContext, 'intents'>;

/** Record what a visitor message came with; absent fields keep what was known. */
export function recordVisitorContext(
  store: ConversationStore,
  seen: { locale?: string; page?: string; identity?: Seen['identity'] },
): void {
  const known = readSeen(store);
  const page = pageOf(seen.page);
  const next: Seen = {
    ...known,
    ...(seen.locale ? { locale: seen.locale } : {}),
    ...(page ? { page } : {}),
    ...(seen.identity ? { identity: seen.identity } : {}),
  };
  if (JSON.stringify(next) !== JSON.stringify(known)) store.set(KEY, JSON.stringify(next));
}

function readSeen(store: ConversationStore): Seen {
  const raw = store.get(KEY);
  return raw ? (JSON.parse(raw) as Seen) : {};
}

/** The intents the router chose in this conversation, oldest first, each once. */
export function routedIntents(store: ConversationStore): string[] {
  const out: string[] = [];
  for (const json of store.framesAfter(0)) {
    if (!json.includes('"type":"meta"')) continue;
    const intent = (JSON.parse(json) as { intent?: string | null }).intent;
    if (intent && !out.includes(intent)) out.push(intent);
  }
  return out;
}

export function visitorContext(store: ConversationStore): VisitorContext {
  return { ...readSeen(store), intents: routedIntents(store) };
}
