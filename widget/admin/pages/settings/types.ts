/** What every settings section receives: the form binding (draft, setter, issues, mode) and the schemas. */
import type { Draft, FormBinding } from '../../field-list';
import type { Schemas } from '../../schemas';

export type { Draft };

export interface SectionProps extends FormBinding {
  schemas: Schemas;
}
