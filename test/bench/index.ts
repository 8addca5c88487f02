/**
 * `npm run bench`: figures printed side by side in one run, on 127.0.0.1 only, bounded in count.
 * Each section starts what it measures and stops it.
 */
import { cacheBench } from './cache';
import { runGatewayBench } from './gateway';
import { gatewayCpu } from './gateway-cpu';
import { benchGuardStream } from './guard-stream';
import { loadBench } from './load';
import { routerSuite } from './router';

await runGatewayBench(); // gateway overhead vs direct and a bare pass-through Worker
await gatewayCpu(); // workerd CPU per request by path at 100 streams (why the 100-stream p99 is what it is)
await cacheBench(); // reply cache: hit vs miss, upstream calls saved on a recurring trace
benchGuardStream(); // streaming output guard: held-back characters and added time to first delta
routerSuite(); // intent router on the demo site: µs per decision
await loadBench(); // WebSocket conversations in Durable Objects: turns/s, first delta, lost frames
