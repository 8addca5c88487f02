/** Name, origins, locale, welcome text and theme, with a preview of the widget as the draft would show it. */
import { LinesField, SelectField, TextField } from '../../fields';
import { WidgetPreview } from './preview';
import type { SectionProps } from './types';

const LOCALES = [
  { value: 'en', label: 'English' },
  { value: 'zh', label: '中文' },
  { value: 'ar', label: 'العربية' },
];

export function GeneralSection(p: SectionProps) {
  const { draft, set, issues, readOnly } = p;
  const theme = (draft.theme ?? {}) as { color?: string; position?: string };
  const welcome = (draft.welcome ?? {}) as Record<string, string>;
  const locale = (draft.locale as string | undefined) ?? 'en';
  const common = { issues, readOnly };
  return (
    <div class="two-col">
      <fieldset>
        <legend>Site</legend>
        <TextField {...common} label="Name" path="name" value={draft.name as string} onChange={(v) => set(['name'], v)} />
        <LinesField
          {...common}
          label="Allowed origins (one a line)"
          path="origins"
          hint={`A full origin (https://shop.example) or a bare hostname. The test page needs this Worker's origin, ${location.origin}.`}
          value={draft.origins as string[]}
          onChange={(v) => set(['origins'], v)}
        />
        <SelectField {...common} label="Locale" path="locale" value={locale} options={LOCALES} onChange={(v) => set(['locale'], v)} />
        {LOCALES.map((l) => (
          <TextField
            {...common}
            key={l.value}
            label={`Welcome text (${l.label})`}
            path={`welcome.${l.value}`}
            value={welcome[l.value]}
            onChange={(v) => set(['welcome', l.value], v === '' ? undefined : v)}
          />
        ))}
        <TextField
          {...common}
          label="Theme colour"
          path="theme.color"
          hint="Six-digit hex, e.g. #2563eb."
          value={theme.color}
          onChange={(v) => set(['theme', 'color'], v)}
        />
        {!readOnly && /^#[0-9a-fA-F]{6}$/.test(theme.color ?? '') && (
          <div class="field">
            <label for="theme-picker">Pick a colour</label>
            <input id="theme-picker" type="color" value={theme.color} onInput={(e) => set(['theme', 'color'], e.currentTarget.value)} />
          </div>
        )}
        <SelectField
          {...common}
          label="Launcher position"
          path="theme.position"
          value={theme.position ?? 'right'}
          options={[
            { value: 'right', label: 'Bottom right' },
            { value: 'left', label: 'Bottom left' },
          ]}
          onChange={(v) => set(['theme', 'position'], v)}
        />
      </fieldset>
      <WidgetPreview
        color={theme.color ?? '#2563eb'}
        position={theme.position === 'left' ? 'left' : 'right'}
        locale={locale}
        welcome={welcome[locale] ?? ''}
        name={(draft.name as string) ?? ''}
      />
    </div>
  );
}
