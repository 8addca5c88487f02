/** Config validation for the admin API: every problem listed by path, as a 400. */
import type { z } from 'zod';
import { Intent, SiteConfig } from '../../../shared/config';
import type { ErrorBody } from '../../../shared/protocol';
import { ParleyError } from '../../errors';

export interface Problem {
  path: string;
  message: string;
}

/** A 400 `bad_request` whose body also lists each problem with its path (`intents.2.patterns.0`). */
export class ConfigInvalidError extends ParleyError {
  readonly issues: Problem[];
  constructor(issues: Problem[]) {
    super('bad_request', `Invalid configuration: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
  override toBody(): ErrorBody {
    const body = super.toBody();
    return { error: { ...body.error, issues: this.issues } };
  }
}

/** zod issues as `{ path, message }`, with an optional path prefix. */
export function problemsOf(error: z.ZodError, prefix: (string | number)[] = []): Problem[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join('.'), message: i.message }));
}

/** Parse a whole site config or throw ConfigInvalidError. */
export function parseSiteConfig(body: unknown): SiteConfig {
  const r = SiteConfig.safeParse(body);
  if (!r.success) throw new ConfigInvalidError(problemsOf(r.error));
  return r.data;
}

/** Parse one intent or throw ConfigInvalidError. */
export function parseIntent(body: unknown): Intent {
  const r = Intent.safeParse(body);
  if (!r.success) throw new ConfigInvalidError(problemsOf(r.error));
  return r.data;
}
