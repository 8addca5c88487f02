/**
 * The FTS5 MATCH expression for a visitor's words. Nothing the visitor typed reaches FTS5 as syntax: the text
 * goes through the index's own tokenizer, every token is a double-quoted string (quotes doubled, though tokens
 * hold only letters and digits), and the tokens are OR-ed inside the content columns, AND-ed with the site's own
 * token so one site never matches another's passages (and with a language token when the caller asks for one).
 */
import { languageToken, siteToken } from './tokens';

/** The FTS5 columns, in table order: the site token, then the weighted content columns. */
export const FTS_COLUMNS = ['site', 'title', 'heading', 'body'] as const;

function quote(token: string): string {
  return `"${token.replaceAll('"', '""')}"`;
}

/**
 * The MATCH string for a query's `terms` (from `queryTerms`) within `siteKey`, optionally only documents in
 * `locale`'s language; `null` when there is no term to search for.
 * @example buildMatchQuery('demo', queryTerms('Refund NEAR "policy"*')) // 'site : ("s64656d6f") AND {title heading body} : ("refund" OR "near" OR "policy")'
 */
export function buildMatchQuery(siteKey: string, terms: string[], locale?: string): string | null {
  if (terms.length === 0) return null;
  const scope = [siteToken(siteKey), ...(locale ? [languageToken(locale)] : [])].map(quote).join(' AND ');
  return `site : (${scope}) AND {title heading body} : (${terms.map(quote).join(' OR ')})`;
}
