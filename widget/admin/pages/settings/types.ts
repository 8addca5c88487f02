/** What every settings section receives: the draft, a setter by path, the issues by path, and whether it may edit. */
import type { Issues } from '../../fields';
import type { Schemas } from '../../schemas';

export type Draft = Record<string, unknown>;

export interface SectionProps {
  draft: Draft;
  set: (path: (string | number)[], value: unknown) => void;
  issues: Issues;
  readOnly: boolean;
  schemas: Schemas;
}
