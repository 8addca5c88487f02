/** Config validation for the admin API: every problem listed by path, as a 400. */

import type { z } from 'zod';
import { Intent, SiteConfig } from '../../../shared/config';
import type { ErrorBody } from '../../../shared/protocol';
import { ParleyError } from '../../errors';
import { describeProblems, type Problem, problemsOf } from '../../http/validation';

/** A 400 `bad_request` whose body also lists each problem with its path (`intents.2.patterns.0`). */
export class ConfigInvalidError extends ParleyError {
  readonly issues: Problem[];
  constructor(issues: Problem[]) {
    super('bad_request', `Invalid configuration: ${describeProblems(issues, '(root)')}`);
    this.issues = issues;
  }
  override toBody(): ErrorBody {
    const body = super.toBody();
    return { error: { ...body.error, issues: this.issues } };
  }
}

/** Parse an admin body with `schema` or throw ConfigInvalidError listing every problem. */
export function parseAdminInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ConfigInvalidError(problemsOf(r.error));
  return r.data;
}

/** Parse a whole site config or throw ConfigInvalidError. */
export const parseSiteConfig = (body: unknown): SiteConfig => parseAdminInput(SiteConfig, body);

/** Parse one intent or throw ConfigInvalidError. */
export const parseIntent = (body: unknown): Intent => parseAdminInput(Intent, body);
