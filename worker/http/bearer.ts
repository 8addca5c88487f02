/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when the header is absent, of
 * another scheme, or empty. The scheme is case-insensitive and surrounding blanks are dropped.
 * @example bearerToken('Bearer pat_abc') // 'pat_abc'
 */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  return BEARER.exec(header)?.[1];
}

const BEARER = /^\s*bearer\s+(\S(?:.*\S)?)\s*$/i;
