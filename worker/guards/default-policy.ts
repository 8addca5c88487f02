/** The guard policy of a site that sets none, parsed once per isolate: zod-parsing it per message cost more than the rest of the input guard. */
import { defaultGuardPolicy, type GuardPolicy } from '../../shared/guard-policy';

export const DEFAULT_GUARDS: Readonly<GuardPolicy> = Object.freeze(defaultGuardPolicy());
