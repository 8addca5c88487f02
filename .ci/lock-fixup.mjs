// The npm registry reachable from these machines serves only some platform builds of a few packages
// (biome's and rollup's CLIs), so `npm install` leaves their optional entries out of package-lock.json
// and `npm ci` then refuses the lock as out of sync. This adds the missing optional entries (version
// only, marked optional) so `npm ci` accepts the lock; npm skips an optional package it cannot fetch.
// Run after changing dependencies: node .ci/lock-fixup.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [where, meta] of Object.entries(pkgs)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${where ? `${where}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (pkgs[nested] || pkgs[hoisted]) continue;
    pkgs[hoisted] = { version, dev: meta.dev ?? false, optional: true };
    added++;
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-fixup: added ${added} optional entries`);
