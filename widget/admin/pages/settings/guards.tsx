/** The guard policy: actions for personal data (by type), block-listed terms and injections; allow and block lists. */
import { CheckField, LinesField, NumberField, SelectField } from '../../fields';
import type { SectionProps } from './types';

const ACTIONS = [
  { value: 'block', label: 'Block the turn' },
  { value: 'mask', label: 'Mask and go on' },
  { value: 'flag', label: 'Flag in the audit log only' },
];

export function GuardsSection(p: SectionProps) {
  const { draft, set, issues, readOnly } = p;
  const common = { issues, readOnly };
  const g = (draft.guards ?? {}) as Record<string, unknown>;
  const piiTypes = (g.piiTypes ?? {}) as Record<string, string>;
  const put = (key: string, v: unknown) => set(['guards', key], v);
  return (
    <div class="two-col">
      <fieldset>
        <legend>Personal data</legend>
        <SelectField
          {...common}
          label="Personal data (default action)"
          path="guards.pii"
          value={(g.pii as string) ?? 'mask'}
          options={ACTIONS}
          onChange={(v) => put('pii', v)}
        />
        {p.schemas.PII_TYPES.map((t) => (
          <SelectField
            {...common}
            key={t}
            label={`${t} action`}
            path={`guards.piiTypes.${t}`}
            value={piiTypes[t] ?? ''}
            options={[{ value: '', label: 'As the default' }, ...ACTIONS]}
            onChange={(v) => set(['guards', 'piiTypes', t], v === '' ? undefined : v)}
          />
        ))}
        <CheckField
          {...common}
          label="Show visitors their own masked values in replies"
          path="guards.restoreOwnValues"
          value={(g.restoreOwnValues as boolean | undefined) ?? true}
          onChange={(v) => put('restoreOwnValues', v)}
        />
        <LinesField
          {...common}
          label="The site's own public values replies may show (one a line)"
          path="guards.allowValues"
          value={g.allowValues as string[] | undefined}
          onChange={(v) => put('allowValues', v)}
        />
      </fieldset>
      <fieldset>
        <legend>Content</legend>
        <SelectField
          {...common}
          label="Block-listed terms"
          path="guards.profanity"
          value={(g.profanity as string) ?? 'mask'}
          options={ACTIONS}
          onChange={(v) => put('profanity', v)}
        />
        <SelectField
          {...common}
          label="Prompt injection"
          path="guards.injection"
          value={(g.injection as string) ?? 'block'}
          options={ACTIONS.filter((a) => a.value !== 'mask')}
          onChange={(v) => put('injection', v)}
        />
        <LinesField
          {...common}
          label="Extra blocked terms (one a line)"
          path="guards.blockTerms"
          value={g.blockTerms as string[] | undefined}
          onChange={(v) => put('blockTerms', v)}
        />
        <NumberField
          {...common}
          label="Minimum confidence of a finding (0–1)"
          path="guards.minConfidence"
          value={g.minConfidence as number | undefined}
          onChange={(v) => put('minConfidence', v)}
        />
        <NumberField
          {...common}
          label="Scan budget (ms; slower scans fail closed)"
          path="guards.scanBudgetMs"
          step="1"
          value={g.scanBudgetMs as number | undefined}
          onChange={(v) => put('scanBudgetMs', v)}
        />
      </fieldset>
    </div>
  );
}
