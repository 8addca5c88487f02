/**
 * Tiers (ordered provider chains), the `maxTokens` ceiling and per-model prices. Providers are those this
 * deployment has credentials for (`GET /admin/api/providers`); the built-in `faq` responder is always there.
 */
import { FieldList, type FieldSpec, type Option, RecordList } from '../../field-list';
import { CheckField } from '../../fields';
import type { SectionProps } from './types';

export interface ProviderInfo {
  id: string;
  configured: boolean;
  models?: string[];
}
interface Link {
  provider: string;
  model: string;
  params?: { temperature?: number; maxTokens?: number };
}

const TIERS = ['fast', 'default', 'premium'] as const;

const linkFields = (tier: string, i: number, providers: Option[]): FieldSpec[] => {
  const at = ['tiers', tier, i];
  const name = `${tier} #${i + 1}`;
  return [
    { kind: 'select', path: [...at, 'provider'], label: `${name} provider`, options: providers },
    { kind: 'text', path: [...at, 'model'], label: `${name} model`, list: 'model-names' },
    { kind: 'number', path: [...at, 'params', 'temperature'], label: `${name} temperature` },
    { kind: 'number', path: [...at, 'params', 'maxTokens'], label: `${name} max tokens`, step: '1' },
  ];
};
const priceFields = (model: string): FieldSpec[] =>
  (['input', 'cachedInput', 'output'] as const).map((k) => ({
    kind: 'number',
    path: ['prices', model, k],
    label: `${model} ${k === 'cachedInput' ? 'cache-hit input' : k}`,
  }));
const MAX_TOKENS: FieldSpec = {
  kind: 'number',
  path: 'maxTokens',
  label: 'Max tokens per reply (ceiling for every link and API caller)',
  step: '1',
  hint: 'Empty: 1024.',
};

export function ModelsSection(p: SectionProps & { providers: ProviderInfo[] }) {
  const { draft, set, issues, readOnly, providers } = p;
  const common = { issues, readOnly };
  const tiers = draft.tiers as Record<string, Link[]> | undefined;
  const usable = providers.filter((x) => x.configured);
  const options = usable.map((x) => ({ value: x.id, label: x.id }));
  const providerOptions = (current: string) =>
    options.some((o) => o.value === current) ? options : [...options, { value: current, label: `${current} (not configured)` }];
  const models = [...new Set(usable.flatMap((x) => x.models ?? []))];
  const prices = (draft.prices ?? {}) as Record<string, unknown>;
  const first = usable.find((x) => x.id !== 'faq') ?? usable[0];
  const starter = (): Link => ({ provider: first?.id ?? 'faq', model: first?.models?.[0] ?? 'faq', params: {} });

  return (
    <div>
      <p>
        Providers with credentials here: <strong data-testid="providers">{usable.map((x) => x.id).join(', ') || 'none reported'}</strong>.
        Not configured:{' '}
        {providers
          .filter((x) => !x.configured)
          .map((x) => x.id)
          .join(', ') || 'none'}
        .
      </p>
      <datalist id="model-names">
        {models.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      <CheckField
        {...common}
        label="Use this deployment's default chains (from its secrets)"
        path="tiers"
        value={tiers === undefined}
        onChange={(useDefaults) =>
          set(['tiers'], useDefaults ? undefined : { fast: [starter()], default: [starter()], premium: [starter()] })
        }
      />
      {tiers &&
        TIERS.map((tier) => (
          <fieldset key={tier}>
            <legend>Tier {tier}</legend>
            <RecordList
              form={p}
              path={['tiers', tier]}
              name={(i) => `${tier} #${i + 1}`}
              fieldsOf={(i) => linkFields(tier, i, providerOptions(tiers[tier]?.[i]?.provider ?? ''))}
              blank={starter}
              addLabel={`Add a fallback to ${tier}`}
            />
            {(issues.get(`tiers.${tier}`) ?? []).map((m) => (
              <p class="field-error" key={m}>
                {tier}: {m}
              </p>
            ))}
          </fieldset>
        ))}
      <FieldList form={p} fields={[MAX_TOKENS]} />
      <fieldset>
        <legend>Prices (USD per million tokens)</legend>
        {Object.keys(prices).map((model) => (
          <div class="link-row" key={model}>
            <strong>{model}</strong>
            <FieldList form={p} fields={priceFields(model)} />
            {!readOnly && (
              <button type="button" class="link" onClick={() => set(['prices', model], undefined)}>
                Remove price of {model}
              </button>
            )}
          </div>
        ))}
        {!readOnly && <AddPrice onAdd={(model) => set(['prices', model], { input: 0, cachedInput: 0, output: 0 })} />}
      </fieldset>
    </div>
  );
}

function AddPrice(props: { onAdd: (model: string) => void }) {
  return (
    <form
      class="row"
      onSubmit={(e) => {
        e.preventDefault();
        const input = (e.currentTarget as HTMLFormElement).elements.namedItem('price-model') as HTMLInputElement;
        if (input.value.trim()) props.onAdd(input.value.trim());
        input.value = '';
      }}
    >
      <label for="price-model">Model name</label>
      <input id="price-model" name="price-model" list="model-names" />
      <button type="submit" class="secondary">
        Add a price
      </button>
    </form>
  );
}
