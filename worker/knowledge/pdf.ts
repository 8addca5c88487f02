/**
 * PDF uploads: the file's text layer through `unpdf` (pdf.js built for edge runtimes, no native code), loaded
 * only when a PDF arrives so no other request pays for it. Each refusal is a typed error naming its limit: the
 * file's size (read as a stream, stopped at the cap), its page count, and the extracted text (the per-document
 * limit every other format has). A file that is not a PDF, cannot be parsed, or has no text (a scan) is
 * `bad_request`.
 */
import { KNOWLEDGE_LIMITS } from '../../shared/knowledge';
import { ParleyError } from '../errors';
import { readBodyBytes } from '../http/body';

export const PDF_LIMITS = {
  /** Bytes of the uploaded file. */
  maxFileBytes: 10 * 1024 * 1024,
  /** Pages read; a longer manual is better split into several documents. */
  maxPages: 300,
} as const;

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The request body as bytes, refused with `too_large` naming the PDF limit once more than it is declared or read. */
export function readPdfBody(req: Request, maxBytes: number = PDF_LIMITS.maxFileBytes): Promise<Uint8Array> {
  return readBodyBytes(req, maxBytes, () => new ParleyError('too_large', `PDF uploads are limited to ${mb(maxBytes)}.`));
}

const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** The text of a PDF, pages separated by blank lines (so the chunker sees paragraphs), and its page count. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ParleyError('bad_request', 'The upload is not a PDF file (it does not start with %PDF-).');
  }
  const { extractText, getDocumentProxy } = await import('unpdf');
  let pages: string[];
  let count: number;
  try {
    const pdf = await getDocumentProxy(bytes);
    count = pdf.numPages;
    if (count > PDF_LIMITS.maxPages) {
      await pdf.destroy();
      throw new ParleyError('too_large', `PDF uploads are limited to ${PDF_LIMITS.maxPages} pages; this one has ${count}.`);
    }
    pages = (await extractText(pdf, { mergePages: false })).text;
    await pdf.destroy();
  } catch (e) {
    if (e instanceof ParleyError) throw e;
    throw new ParleyError('bad_request', 'The PDF could not be read (damaged or encrypted).');
  }
  const text = pages
    .map((p) => p.replace(/[ \t]+\n/g, '\n').trim())
    .filter(Boolean)
    .join('\n\n');
  if (!text) throw new ParleyError('bad_request', 'The PDF has no text layer (a scan?); upload its text instead.');
  const bytesOfText = new TextEncoder().encode(text).length;
  if (bytesOfText > KNOWLEDGE_LIMITS.maxDocumentBytes) {
    throw new ParleyError(
      'too_large',
      `Knowledge documents are limited to ${Math.ceil(KNOWLEDGE_LIMITS.maxDocumentBytes / 1024)} KB of text each; this PDF holds ${Math.ceil(bytesOfText / 1024)} KB.`,
    );
  }
  return { text, pages: count };
}
