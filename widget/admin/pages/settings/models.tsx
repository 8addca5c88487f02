/**
 * Tiers (ordered provider chains), the `maxTokens` ceiling and per-model prices. Providers are those this
 * deployment has credentials for (`GET /admin/api/providers`); the built-in `faq` responder is always there.
 */
import { CheckField, NumberField, RemoveButton, SelectField, TextField, without } from '../../fields';
import { bindField, type SectionProps } from './types';

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
type Price = { input: number; cachedInput: number; output: number };

const TIERS = ['fast', 'default', 'premium'] as const;

export function ModelsSection(p: SectionProps & { providers: ProviderInfo[] }) {
  const { draft, set, issues, readOnly, providers } = p;
  const common = { issues, readOnly };
  const tiers = draft.tiers as Record<string, Link[]> | undefined;
  const usable = providers.filter((x) => x.configured);
  const options = usable.map((x) => ({ value: x.id, label: x.id }));
  const models = [...new Set(usable.flatMap((x) => x.models ?? []))];
  const prices = (draft.prices ?? {}) as Record<string, Price>;
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
            {(tiers[tier] ?? []).map((link, i) => {
              const path = ['tiers', tier, i];
              const at = `tiers.${tier}.${i}`;
              return (
                <div class="link-row" key={`${tier}-${i}`}>
                  <SelectField
                    {...common}
                    label={`${tier} #${i + 1} provider`}
                    path={`${at}.provider`}
                    value={link.provider}
                    options={
                      options.some((o) => o.value === link.provider)
                        ? options
                        : [...options, { value: link.provider, label: `${link.provider} (not configured)` }]
                    }
                    onChange={(v) => set([...path, 'provider'], v)}
                  />
                  <TextField
                    {...common}
                    label={`${tier} #${i + 1} model`}
                    path={`${at}.model`}
                    list="model-names"
                    value={link.model}
                    onChange={(v) => set([...path, 'model'], v)}
                  />
                  <NumberField
                    {...common}
                    label={`${tier} #${i + 1} temperature`}
                    path={`${at}.params.temperature`}
                    value={link.params?.temperature}
                    onChange={(v) => set([...path, 'params', 'temperature'], v)}
                  />
                  <NumberField
                    {...common}
                    label={`${tier} #${i + 1} max tokens`}
                    path={`${at}.params.maxTokens`}
                    step="1"
                    value={link.params?.maxTokens}
                    onChange={(v) => set([...path, 'params', 'maxTokens'], v)}
                  />
                  <RemoveButton readOnly={readOnly} onClick={() => set(['tiers', tier], without(tiers[tier] ?? [], i))}>
                    Remove {tier} #{i + 1}
                  </RemoveButton>
                </div>
              );
            })}
            {(issues.get(`tiers.${tier}`) ?? []).map((m) => (
              <p class="field-error" key={m}>
                {tier}: {m}
              </p>
            ))}
            {!readOnly && (
              <button type="button" class="secondary" onClick={() => set(['tiers', tier], [...(tiers[tier] ?? []), starter()])}>
                Add a fallback to {tier}
              </button>
            )}
          </fieldset>
        ))}
      <NumberField
        {...bindField<number>(p, 'maxTokens')}
        label="Max tokens per reply (ceiling for every link and API caller)"
        step="1"
        hint="Empty: 1024."
      />
      <fieldset>
        <legend>Prices (USD per million tokens)</legend>
        {Object.entries(prices).map(([model, price]) => (
          <div class="link-row" key={model}>
            <strong>{model}</strong>
            {(['input', 'cachedInput', 'output'] as const).map((k) => (
              <NumberField
                {...common}
                key={k}
                label={`${model} ${k === 'cachedInput' ? 'cache-hit input' : k}`}
                path={`prices.${model}.${k}`}
                value={price[k]}
                onChange={(v) => set(['prices', model, k], v)}
              />
            ))}
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
