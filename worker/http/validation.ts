/**
 * zod issues as the API's typed errors: every problem named by its path (`messages.0.content`), so a
 * caller sees all that is wrong at once. The one place request and frame validation becomes a ParleyError.
 */
import type { z } from 'zod';
import { ParleyError } from '../errors';

export interface Problem {
  path: string;
  message: string;
}

export interface InvalidOptions {
  /** What an issue at the root is called in the detail (`body`, `frame`). */
  root?: string;
  /** Text before the list of problems. */
  lead?: string;
  /** Answer `too_large` when a value is over its size limit, rather than `bad_request`. */
  oversize?: boolean;
}

/** zod issues as `{ path, message }`, with an optional path prefix. */
export function problemsOf(error: z.ZodError, prefix: (string | number)[] = []): Problem[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join('.'), message: i.message }));
}

/** `path: message` for each problem, `; `-separated; root-level problems are named `root`. */
export function describeProblems(problems: Problem[], root = 'body'): string {
  return problems.map((p) => `${p.path || root}: ${p.message}`).join('; ');
}

/** The typed error for a failed parse: `bad_request` (or `too_large`, see `oversize`) with every problem by path. */
export function invalidInput(error: z.ZodError, { root = 'body', lead = '', oversize = false }: InvalidOptions = {}): ParleyError {
  const tooLarge = oversize && error.issues.some((i) => i.code === 'too_big');
  return new ParleyError(tooLarge ? 'too_large' : 'bad_request', `${lead}${describeProblems(problemsOf(error), root)}`);
}

/** Parse `value` with `schema`, or throw `invalidInput`. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, opts?: InvalidOptions): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalidInput(r.error, opts);
  return r.data;
}
