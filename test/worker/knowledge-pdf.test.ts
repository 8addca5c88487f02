import { describe, expect, it } from 'vitest';
import { PDF_LIMITS, pdfText, readPdfBody } from '../../worker/knowledge/pdf';
import { admin, BOOT, bootEnv } from './admin-helpers';
import { call, mockProvider } from './helpers';

/** A small, valid PDF written by hand: one page per entry of `pages`, each line drawn in Helvetica. */
function makePdf(pages: string[][]): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  pages.forEach((lines, i) => {
    const literal = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
    const stream = `BT /F1 12 Tf 72 720 Td 16 TL ${lines.map((l) => `(${literal(l)}) Tj T*`).join(' ')} ET`;
    objects[4 + i * 2] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`;
    objects[5 + i * 2] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe('PDF text through unpdf', () => {
  it('reads each page’s text, pages as paragraphs', async () => {
    const pdf = makePdf([['Store tins in a cool, dark place.'], ['Opened tea keeps for six months.']]);
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBe(2);
    expect(text).toContain('Store tins in a cool, dark place.');
    expect(text.split('\n\n')).toHaveLength(2);
    expect(text.split('\n\n')[1]).toContain('six months');
  });

  it('refuses what is not a PDF, a damaged one, one without text, and one with too many pages, each with a typed error', async () => {
    await expect(pdfText(new TextEncoder().encode('hello'))).rejects.toMatchObject({ code: 'bad_request', message: /not a PDF/ });
    await expect(pdfText(new TextEncoder().encode('%PDF-1.7 garbage'))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(pdfText(makePdf([[]]))).rejects.toMatchObject({ code: 'bad_request', message: /no text/ });
    const long = makePdf(Array.from({ length: PDF_LIMITS.maxPages + 1 }, () => ['x']));
    await expect(pdfText(long)).rejects.toMatchObject({ code: 'too_large', message: new RegExp(`${PDF_LIMITS.maxPages} pages`) });
  });

  it('stops reading a body past the file limit', async () => {
    const body = new Request('http://x/', { method: 'POST', body: new Uint8Array(2048) });
    await expect(readPdfBody(body, 1024)).rejects.toMatchObject({ code: 'too_large', message: /PDF uploads are limited/ });
    const ok = await readPdfBody(new Request('http://x/', { method: 'POST', body: new Uint8Array(100) }), 1024);
    expect(ok.byteLength).toBe(100);
  });

  it('an uploaded PDF becomes a document whose passages hold its text; a fake one is refused', async () => {
    const { siteKey } = await mockProvider({ calls: [{ reply: 'ok' }] }, { origins: ['https://shop.test'] });
    const upload = (body: Uint8Array) =>
      call(
        new Request(`http://parley.test/admin/api/sites/${siteKey}/knowledge-upload?name=care-guide.pdf`, {
          method: 'POST',
          headers: { authorization: `Bearer ${BOOT}`, 'content-type': 'application/pdf' },
          body,
        }),
        bootEnv,
      );
    const created = await upload(makePdf([['Store tins in a cool, dark place.', 'Keep them away from spices.']]));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'file:care-guide', documents: 1, passages: 1 });
    const passages = (await (await admin('GET', `/sites/${siteKey}/knowledge-passages/file:care-guide`, BOOT)).json()) as {
      passages: { text: string }[];
    };
    expect(passages.passages.map((p) => p.text).join(' ')).toContain('Store tins in a cool, dark place.');
    const fake = await upload(new TextEncoder().encode('%PDF-1.7'));
    expect(fake.status).toBe(400);
    expect(await fake.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/PDF/) } });
  });
});
