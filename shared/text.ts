/** Text normalisation shared by lexical matching (the faq responder, the intent router's rules and features). */

/** Lower-case, fold full-width and compatibility forms (NFKC), turn punctuation into spaces, collapse spaces. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
