/** The guard policy: actions for personal data (by type), block-listed terms and injections; allow and block lists. */
import { FieldGroup, type FieldSpec, type Option } from '../../field-list';
import type { SectionProps } from './types';

const ACTIONS: Option[] = [
  { value: 'block', label: 'Block the turn' },
  { value: 'mask', label: 'Mask and go on' },
  { value: 'flag', label: 'Flag in the audit log only' },
];

const personalData = (piiTypes: readonly string[]): FieldSpec[] => [
  { kind: 'select', path: 'guards.pii', label: 'Personal data (default action)', options: ACTIONS, fallback: 'mask' },
  ...piiTypes.map(
    (t): FieldSpec => ({
      kind: 'select',
      path: `guards.piiTypes.${t}`,
      label: `${t} action`,
      options: [{ value: '', label: 'As the default' }, ...ACTIONS],
      fallback: '',
      unsetWhen: '',
    }),
  ),
  { kind: 'check', path: 'guards.restoreOwnValues', label: 'Show visitors their own masked values in replies', fallback: true },
  { kind: 'lines', path: 'guards.allowValues', label: "The site's own public values replies may show (one a line)" },
];
const CONTENT: FieldSpec[] = [
  { kind: 'select', path: 'guards.profanity', label: 'Block-listed terms', options: ACTIONS, fallback: 'mask' },
  {
    kind: 'select',
    path: 'guards.injection',
    label: 'Prompt injection',
    options: ACTIONS.filter((a) => a.value !== 'mask'),
    fallback: 'block',
  },
  { kind: 'lines', path: 'guards.blockTerms', label: 'Extra blocked terms (one a line)' },
  { kind: 'number', path: 'guards.minConfidence', label: 'Minimum confidence of a finding (0–1)' },
  { kind: 'number', path: 'guards.scanBudgetMs', label: 'Scan budget (ms; slower scans fail closed)', step: '1' },
];

export function GuardsSection(p: SectionProps) {
  return (
    <div class="two-col">
      <FieldGroup legend="Personal data" form={p} fields={personalData(p.schemas.PII_TYPES)} />
      <FieldGroup legend="Content" form={p} fields={CONTENT} />
    </div>
  );
}
