/**
 * Which of a site's actions a turn offers, as function tools: enabled ones, and those needing a verified
 * visitor only to a visitor with a verified token. The identity fields an action receives are left out
 * of the schema the model sees: they are filled from the token, never asked of the model.
 */
import type { SiteAction } from '../../shared/actions';
import type { SiteConfig } from '../../shared/config';
import type { ProviderTools } from '../providers/types';
import type { ActionIdentity } from './call';

/** The verified identity of a conversation's owner (`user:<sub>`); none for an anonymous one. */
export function identityOf(owner: string | undefined): ActionIdentity {
  return owner?.startsWith('user:') ? { userId: owner.slice(5) } : {};
}

/** The actions offered to this visitor, by name. */
export function offeredActions(site: SiteConfig, identity: ActionIdentity): Map<string, SiteAction> {
  const out = new Map<string, SiteAction>();
  for (const action of site.actions ?? []) {
    if (!action.enabled) continue;
    if (action.needsVerifiedVisitor && identity.userId === undefined) continue;
    out.set(action.name, action);
  }
  return out;
}

/** The action's argument schema without its identity fields. */
function modelParameters(action: SiteAction): Record<string, unknown> {
  const hidden = new Set<string>(action.identity ?? []);
  if (hidden.size === 0) return action.parameters;
  const schema: Record<string, unknown> = { ...action.parameters };
  const props = schema.properties;
  if (props && typeof props === 'object') {
    schema.properties = Object.fromEntries(Object.entries(props).filter(([k]) => !hidden.has(k)));
  }
  if (Array.isArray(schema.required)) schema.required = schema.required.filter((k) => typeof k !== 'string' || !hidden.has(k));
  return schema;
}

/** The offered actions as the provider's function tools (the model chooses: `auto`). */
export function actionTools(actions: ReadonlyMap<string, SiteAction>): ProviderTools {
  return {
    tools: [...actions.values()].map((a) => ({
      type: 'function' as const,
      function: { name: a.name, description: a.description, parameters: modelParameters(a) },
    })),
    choice: 'auto',
  };
}
