/** The audit id of a chat turn. */

/**
 * `site:conversation:message`, each part percent-encoded so a `:` inside a part cannot move the
 * boundary: conversation `a:b` with message `c` and conversation `a` with message `b:c` differ.
 */
export function turnAuditId(siteKey: string, conversationId: string, messageId: string): string {
  return [siteKey, conversationId, messageId].map(encodeURIComponent).join(':');
}
