/**
 * Form fields that show their validation issues beside them: each field names its config path
 * (`theme.color`), looks its messages up in the issues map, and ties them to the input with
 * `aria-describedby` and `aria-invalid`. Read-only fields render as disabled inputs with no controls.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Issues = Map<string, string[]>;

interface Base {
  label: string;
  path: string;
  issues: Issues;
  readOnly: boolean;
  hint?: string;
}

const idOf = (path: string) => `f-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

function Wrap(props: Base & { children: ComponentChildren }) {
  const id = idOf(props.path);
  const errors = props.issues.get(props.path) ?? [];
  return (
    <div class={`field${errors.length ? ' invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {errors.length > 0 && (
        <p id={`${id}-err`} class="field-error" data-path={props.path}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

function aria(p: Base) {
  const id = idOf(p.path);
  const invalid = (p.issues.get(p.path) ?? []).length > 0;
  const described = [p.hint ? `${id}-hint` : '', invalid ? `${id}-err` : ''].filter(Boolean).join(' ');
  return { id, disabled: p.readOnly, 'aria-invalid': invalid || undefined, 'aria-describedby': described || undefined };
}

export function TextField(p: Base & { value: string | undefined; onChange: (v: string) => void; type?: string; list?: string }) {
  return (
    <Wrap {...p}>
      <input {...aria(p)} type={p.type ?? 'text'} list={p.list} value={p.value ?? ''} onInput={(e) => p.onChange(e.currentTarget.value)} />
    </Wrap>
  );
}

/** A number; an empty box is `undefined` (the schema's default applies, or the field is absent). */
export function NumberField(p: Base & { value: number | undefined; onChange: (v: number | undefined) => void; step?: string }) {
  return (
    <Wrap {...p}>
      <input
        {...aria(p)}
        type="number"
        step={p.step ?? 'any'}
        value={p.value ?? ''}
        onInput={(e) => {
          const raw = e.currentTarget.value.trim();
          p.onChange(raw === '' ? undefined : Number(raw));
        }}
      />
    </Wrap>
  );
}

export function SelectField(
  p: Base & { value: string | undefined; options: { value: string; label: string }[]; onChange: (v: string) => void },
) {
  return (
    <Wrap {...p}>
      <select {...aria(p)} value={p.value ?? ''} onChange={(e) => p.onChange(e.currentTarget.value)}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function CheckField(p: Base & { value: boolean; onChange: (v: boolean) => void }) {
  const id = idOf(p.path);
  const errors = p.issues.get(p.path) ?? [];
  return (
    <div class="field check">
      <input {...aria(p)} type="checkbox" checked={p.value} onChange={(e) => p.onChange(e.currentTarget.checked)} />
      <label for={id}>{p.label}</label>
      {errors.length > 0 && (
        <p id={`${id}-err`} class="field-error" data-path={p.path}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

/**
 * A list of strings, one per line. Issues on any item (`origins.2`) show here too, with the line they are on.
 */
export function LinesField(p: Base & { value: string[] | undefined; onChange: (v: string[]) => void }) {
  const own = [...p.issues.entries()]
    .filter(([k]) => k.startsWith(`${p.path}.`))
    .map(([k, m]) => `line ${Number(k.slice(p.path.length + 1).split('.')[0]) + 1}: ${m.join('; ')}`);
  const lines = p.value ?? [];
  // The text is kept as typed (blank lines while typing); the value is its non-blank lines.
  const [text, setText] = useState(lines.join('\n'));
  useEffect(() => {
    if (toLines(text).join('\n') !== lines.join('\n')) setText(lines.join('\n'));
  }, [lines.join('\n')]);
  const merged: Issues = new Map(p.issues);
  if (own.length) merged.set(p.path, [...(p.issues.get(p.path) ?? []), ...own]);
  return (
    <Wrap {...p} issues={merged}>
      <textarea
        {...aria({ ...p, issues: merged })}
        rows={Math.min(8, Math.max(2, lines.length + 1))}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          p.onChange(toLines(e.currentTarget.value));
        }}
      />
    </Wrap>
  );
}

const toLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The "Remove …" link under one item of a list in the form; nothing when the form is read-only. */
export function RemoveButton(p: { readOnly: boolean; onClick: () => void; children: ComponentChildren }) {
  if (p.readOnly) return null;
  return (
    <button type="button" class="link" onClick={p.onClick}>
      {p.children}
    </button>
  );
}

/** `list` without its item at `index`. */
export const without = <T,>(list: T[], index: number): T[] => list.filter((_, j) => j !== index);
