import { test as base } from '@playwright/test';
import { type MockUpstream, startMockUpstream } from '../fixtures/mock-upstream';
import { type Served, serve } from '../fixtures/serve';

/** Per-worker fixtures: a mock LLM upstream and a Parley server (built Worker in workerd) in memory. */
export const test = base.extend<
  object,
  { mock: MockUpstream; parley: Served; parleyWith: (bindings: Record<string, string>) => Promise<Served> }
>({
  mock: [
    async ({}, use) => {
      const mock = await startMockUpstream();
      await use(mock);
      await mock.close();
    },
    { scope: 'worker' },
  ],
  parley: [
    async ({}, use) => {
      const served = await serve({ port: 0, persist: false, bindings: { FAQ_PACE_MS: '5' } });
      await use(served);
      await served.close();
    },
    { scope: 'worker' },
  ],
  parleyWith: [
    async ({}, use) => {
      const started: Served[] = [];
      await use(async (bindings) => {
        const s = await serve({ port: 0, persist: false, bindings });
        started.push(s);
        return s;
      });
      await Promise.all(started.map((s) => s.close()));
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
