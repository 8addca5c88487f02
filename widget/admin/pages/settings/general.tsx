/** Name, origins, locale, welcome text and theme, with a preview of the widget as the draft would show it. */
import { FieldList, type FieldSpec, type Option } from '../../field-list';
import { WidgetPreview } from './preview';
import type { SectionProps } from './types';

export const LOCALES: Option[] = [
  { value: 'en', label: 'English' },
  { value: 'zh', label: '中文' },
  { value: 'ar', label: 'العربية' },
];

const ORIGINS_HINT = `A full origin (https://shop.example) or a bare hostname. The test page needs this Worker's origin, ${location.origin}.`;
const POSITIONS: Option[] = [
  { value: 'right', label: 'Bottom right' },
  { value: 'left', label: 'Bottom left' },
];
const welcomeText = (l: Option): FieldSpec => ({
  kind: 'text',
  path: `welcome.${l.value}`,
  label: `Welcome text (${l.label})`,
  unsetWhen: '',
});

const SITE: FieldSpec[] = [
  { kind: 'text', path: 'name', label: 'Name' },
  { kind: 'lines', path: 'origins', label: 'Allowed origins (one a line)', hint: ORIGINS_HINT },
  { kind: 'select', path: 'locale', label: 'Locale', options: LOCALES, fallback: 'en' },
  ...LOCALES.map(welcomeText),
  { kind: 'text', path: 'theme.color', label: 'Theme colour', hint: 'Six-digit hex, e.g. #2563eb.' },
];
const POSITION: FieldSpec = { kind: 'select', path: 'theme.position', label: 'Launcher position', fallback: 'right', options: POSITIONS };

export function GeneralSection(p: SectionProps) {
  const { draft, set, readOnly } = p;
  const theme = (draft.theme ?? {}) as { color?: string; position?: string };
  const welcome = (draft.welcome ?? {}) as Record<string, string>;
  const locale = (draft.locale as string | undefined) ?? 'en';
  return (
    <div class="two-col">
      <fieldset>
        <legend>Site</legend>
        <FieldList form={p} fields={SITE} />
        {!readOnly && /^#[0-9a-fA-F]{6}$/.test(theme.color ?? '') && (
          <div class="field">
            <label for="theme-picker">Pick a colour</label>
            <input id="theme-picker" type="color" value={theme.color} onInput={(e) => set(['theme', 'color'], e.currentTarget.value)} />
          </div>
        )}
        <FieldList form={p} fields={[POSITION]} />
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
