/** Guards both ways: PII masking and content policy on input and on the streamed output, failing closed. */
export { guardInput } from './input';
export { emptyVault, type PiiVault, remaskOwnValues, restorePlaceholders } from './mask';
export { createOutputGuard, type OutputGuard } from './output';
export { detectPii } from './pii/index';
export { ScanFailure } from './scan';
export { defaultScanners, type Scanners } from './scanners';
export { guardBlocked, guardsAllowCache, prepareGuards } from './stage';
export type { BlockReason, Finding, GuardAction, PiiType } from './types';
