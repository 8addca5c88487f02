/**
 * The site the benchmarks measure Parley on: a copy of the demo site's config under the key `bench`, with no
 * knowledge documents and `balanced` strictness, so an off-knowledge question goes to the (mock) upstream
 * instead of being refused the way the demo site's strict knowledge mode refuses it. Published through the
 * admin API of a served Worker; its origins are the demo site's (`localhost`, `127.0.0.1`), which the bench sends.
 */
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { type Served, type ServeOptions, serve } from '../fixtures/serve';

export const BENCH_SITE = 'bench';
export const BENCH_ADMIN = 'bench-admin';
/** The `Origin` the benchmarks send; the bench site allows it. */
export const BENCH_ORIGIN = 'http://localhost';

/** Create and publish the bench site on a served Worker whose `ADMIN_TOKEN` is `token`. */
export async function publishBenchSite(url: string, token = BENCH_ADMIN): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const config = { ...DEMO_SITE, key: BENCH_SITE, name: 'Bench Shop', assistant: { strictness: 'balanced' } };
  const created = await fetch(`${url}/admin/api/sites`, { method: 'POST', headers, body: JSON.stringify(config) });
  if (created.status !== 201) throw new Error(`bench site: create answered ${created.status} ${await created.text()}`);
  const published = await fetch(`${url}/admin/api/sites/${BENCH_SITE}/publish`, { method: 'POST', headers, body: '{}' });
  if (!published.ok) throw new Error(`bench site: publish answered ${published.status} ${await published.text()}`);
}

/** `serve` with the admin token bound and the bench site published. */
export async function serveBench(opts: ServeOptions = {}): Promise<Served> {
  const served = await serve({ ...opts, bindings: { ADMIN_TOKEN: BENCH_ADMIN, ...(opts.bindings ?? {}) } });
  try {
    await publishBenchSite(served.url, opts.bindings?.ADMIN_TOKEN ?? BENCH_ADMIN);
  } catch (err) {
    await served.close();
    throw err;
  }
  return served;
}
