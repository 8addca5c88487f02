/**
 * Admin API: a site's knowledge (live at once; retrieval reads D1 directly). Articles are added, edited and
 * deleted; pages are imported from the site's own origins (a URL or a sitemap); files uploaded (Markdown, text,
 * HTML, and PDF through unpdf); and the console can read a document's passages, search with scores, and list flagged
 * passages and the questions the knowledge could not answer. Editors and admins write, every role reads.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SiteConfig } from '../../../shared/config';
import { KNOWLEDGE_LIMITS, KnowledgeDocument, type KnowledgeDocumentInput, type KnowledgeFormat } from '../../../shared/knowledge';
import { listUnanswered } from '../../audit/unanswered';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readBodyText } from '../../http/body';
import {
  type DenseIndex,
  deleteDocument,
  denseIndexFor,
  ingest,
  knowledgeVersion,
  listDocuments,
  listFlaggedPassages,
  listPassages,
  retrieve,
} from '../../knowledge';
import { fetchSitePage, pageId, pageTitle, sitemapUrls } from '../../knowledge/fetch-page';
import { pdfText, readPdfBody } from '../../knowledge/pdf';
import { requireRole } from '../../middleware/require-role';
import { requireSite } from '../../storage/site-repo';
import { ANY_ROLE, audit, body, EDITORS } from './common';

export const knowledgeAdmin = new Hono<AppEnv>();

const parseDocument = (raw: unknown) => {
  const parsed = KnowledgeDocument.safeParse(raw);
  if (!parsed.success)
    throw new ParleyError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'document'}: ${i.message}`).join('; '));
  return parsed.data;
};

/** The deployment's dense index as an option (none unless Vectorize and Workers AI are both bound). */
function denseOption(env: AppEnv['Bindings']): { dense?: DenseIndex } {
  const dense = denseIndexFor(env);
  return dense ? { dense } : {};
}

/** The site's live config (its origins bound imports); 404 for an unknown site. */
async function siteOf(db: D1Database, key: string): Promise<SiteConfig> {
  const { draft } = await requireSite(db, key);
  return draft;
}

knowledgeAdmin.get('/sites/:key/knowledge', requireRole(...ANY_ROLE), async (c) => {
  const key = c.req.param('key');
  await siteOf(c.env.DB, key);
  const [documents, version] = await Promise.all([listDocuments(c.env.DB, key), knowledgeVersion(c.env.DB, key)]);
  return c.json({ documents, version });
});

knowledgeAdmin.post('/sites/:key/knowledge', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  await siteOf(c.env.DB, key);
  const doc = parseDocument(await body(c));
  const result = await ingest(c.env.DB, key, [doc], denseOption(c.env));
  await audit(c, 'knowledge.upsert', { siteKey: key, target: doc.id });
  return c.json({ id: doc.id, ...result }, 201);
});

knowledgeAdmin.put('/sites/:key/knowledge/:id{.+}', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const id = c.req.param('id');
  await siteOf(c.env.DB, key);
  const raw = await body(c);
  const doc = parseDocument(typeof raw === 'object' && raw !== null ? { ...raw, id } : raw);
  const result = await ingest(c.env.DB, key, [doc], denseOption(c.env));
  await audit(c, 'knowledge.upsert', { siteKey: key, target: id });
  return c.json({ id, ...result });
});

knowledgeAdmin.delete('/sites/:key/knowledge/:id{.+}', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const id = c.req.param('id');
  if (!(await deleteDocument(c.env.DB, key, id, denseIndexFor(c.env)))) throw new ParleyError('not_found', `No document "${id}".`);
  await audit(c, 'knowledge.delete', { siteKey: key, target: id });
  return c.body(null, 204);
});

knowledgeAdmin.get('/sites/:key/knowledge-passages/:id{.+}', requireRole(...ANY_ROLE), async (c) => {
  const passages = await listPassages(c.env.DB, c.req.param('key'), c.req.param('id'));
  if (passages.length === 0) throw new ParleyError('not_found', `No document "${c.req.param('id')}".`);
  return c.json({ passages });
});

knowledgeAdmin.get('/sites/:key/knowledge-search', requireRole(...ANY_ROLE), async (c) => {
  const q = c.req.query('q')?.trim();
  if (!q) throw new ParleyError('bad_request', 'Give the question as ?q=.');
  return c.json(await retrieve(c.env.DB, c.req.param('key'), q, { k: Number(c.req.query('k')) || 8, ...denseOption(c.env) }));
});

knowledgeAdmin.get('/sites/:key/knowledge-flagged', requireRole(...ANY_ROLE), async (c) => {
  return c.json({ passages: await listFlaggedPassages(c.env.DB, c.req.param('key')) });
});

knowledgeAdmin.get('/sites/:key/knowledge-unanswered', requireRole(...ANY_ROLE), async (c) => {
  return c.json({ questions: await listUnanswered(c.env.DB, c.req.param('key')) });
});

const ImportRequest = z.object({
  url: z.string().min(1).max(2000),
  sitemap: z.boolean().default(false),
  locale: z.string().min(2).max(35).optional(),
});

knowledgeAdmin.post('/sites/:key/knowledge-import', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const site = await siteOf(c.env.DB, key);
  const parsed = ImportRequest.safeParse(await body(c));
  if (!parsed.success) throw new ParleyError('bad_request', 'Send { url, sitemap?, locale? }.');
  const { url, sitemap, locale } = parsed.data;
  const first = await fetchSitePage(site, url);
  const urls = sitemap ? sitemapUrls(first.text) : [first.url];
  const docs: KnowledgeDocumentInput[] = [];
  for (const pageUrl of urls) {
    const page = sitemap ? await fetchSitePage(site, pageUrl) : first;
    const html = /html/i.test(page.contentType) || /^\s*</.test(page.text);
    const text = page.text.slice(0, KNOWLEDGE_LIMITS.maxDocumentBytes);
    docs.push({
      id: pageId(page.url),
      title: pageTitle(text, page.url),
      url: page.url,
      format: html ? 'html' : 'text',
      body: text,
      ...(locale ? { locale } : {}),
    });
  }
  const result = await ingest(c.env.DB, key, docs, denseOption(c.env));
  await audit(c, 'knowledge.import', { siteKey: key, target: url, detail: { pages: docs.length } });
  return c.json({ ids: docs.map((d) => d.id), ...result }, 201);
});

/** The format of an uploaded file by its name and type (a PDF's text is extracted to plain text); others are refused. */
export function uploadFormat(name: string, type: string): KnowledgeFormat | 'pdf' {
  if (/\.pdf$/i.test(name) || /pdf/i.test(type)) return 'pdf';
  if (/\.(md|markdown)$/i.test(name) || /markdown/i.test(type)) return 'markdown';
  if (/\.html?$/i.test(name) || /html/i.test(type)) return 'html';
  if (/\.txt$/i.test(name) || /^text\/plain/i.test(type)) return 'text';
  throw new ParleyError('bad_request', 'Upload a Markdown (.md), text (.txt), HTML (.html) or PDF (.pdf) file.');
}

knowledgeAdmin.post('/sites/:key/knowledge-upload', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  await siteOf(c.env.DB, key);
  const name = c.req.query('name') ?? '';
  const format = uploadFormat(name, c.req.header('content-type') ?? '');
  const text =
    format === 'pdf'
      ? (await pdfText(await readPdfBody(c.req.raw))).text
      : await readBodyText(c.req.raw, KNOWLEDGE_LIMITS.maxDocumentBytes);
  const base = name.replace(/\.[^.]+$/, '') || 'upload';
  const doc = parseDocument({
    id: c.req.query('id') ?? `file:${base}`.replace(/[^\w.:\-/]/g, '_').slice(0, 128),
    title: c.req.query('title') ?? base,
    format: format === 'pdf' ? 'text' : format,
    body: text,
    ...(c.req.query('locale') ? { locale: c.req.query('locale') } : {}),
  });
  const result = await ingest(c.env.DB, key, [doc], denseOption(c.env));
  await audit(c, 'knowledge.upload', { siteKey: key, target: doc.id });
  return c.json({ id: doc.id, ...result }, 201);
});
