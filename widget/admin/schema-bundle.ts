/** The schemas the console checks drafts with, in one lazily loaded chunk (see `./schemas.ts`). */
export { SiteConfig } from '../../shared/config';
export { PII_TYPES } from '../../shared/guard-policy';
export { OpsSettings } from '../../shared/ops';
