/** The schemas the console checks drafts with, in one lazily loaded chunk (see `./schemas.ts`). */

export { BusinessHours, isOpen } from '../../shared/business-hours';
export { SiteConfig } from '../../shared/config';
export { PII_TYPES } from '../../shared/guard-policy';
export { OpsSettings } from '../../shared/ops';
