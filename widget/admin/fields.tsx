/**
 * Form fields that show their validation issues beside them: each field names its config path
 * (`theme.color`), looks its messages up in the issues map, and ties them to the input with
 * `aria-describedby` and `aria-invalid`. Read-only fields render as disabled inputs with no controls.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LINES, type ListSyntax } from './list-syntax';

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

/** Free text over several lines (instructions, answers). */
export function TextAreaField(p: Base & { value: string | undefined; onChange: (v: string) => void; rows?: number }) {
  return (
    <Wrap {...p}>
      <textarea {...aria(p)} rows={p.rows ?? 4} value={p.value ?? ''} onInput={(e) => p.onChange(e.currentTarget.value)} />
    </Wrap>
  );
}

/**
 * A list edited as text. Issues on any item (`origins.2`) show here too, named by the item they are on. The text
 * is kept as typed (a blank line or a half-typed item while typing); the value is what it parses to.
 */
export function ListField<T>(p: Base & { value: T[] | undefined; onChange: (v: T[]) => void; syntax: ListSyntax<T> }) {
  const { parse, format, noun, multiline } = p.syntax;
  const own = [...p.issues.entries()]
    .filter(([k]) => k.startsWith(`${p.path}.`))
    .map(([k, m]) => `${noun} ${Number(k.slice(p.path.length + 1).split('.')[0]) + 1}: ${m.join('; ')}`);
  const items = p.value ?? [];
  const [text, setText] = useState(format(items));
  useEffect(() => {
    if (format(parse(text)) !== format(items)) setText(format(items));
  }, [format(items)]);
  const merged: Issues = new Map(p.issues);
  if (own.length) merged.set(p.path, [...(p.issues.get(p.path) ?? []), ...own]);
  const onInput = (value: string) => {
    setText(value);
    p.onChange(parse(value));
  };
  const attrs = { ...aria({ ...p, issues: merged }), value: text };
  return (
    <Wrap {...p} issues={merged}>
      {multiline ? (
        <textarea {...attrs} rows={Math.min(8, Math.max(2, items.length + 1))} onInput={(e) => onInput(e.currentTarget.value)} />
      ) : (
        <input {...attrs} onInput={(e) => onInput(e.currentTarget.value)} />
      )}
    </Wrap>
  );
}

/** A list of strings, one per line. */
export function LinesField(p: Base & { value: string[] | undefined; onChange: (v: string[]) => void }) {
  return <ListField {...p} syntax={LINES} />;
}

/**
 * A JSON value typed as text. While the text is not JSON the value is the text itself, so the schema refuses it
 * and nothing is saved; the parse error shows beside the field.
 */
export function JsonField(p: Base & { value: unknown; onChange: (v: unknown) => void }) {
  const shown = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(shown(p.value));
  useEffect(() => {
    if (typeof p.value !== 'string' && shown(p.value) !== shown(readJson(text))) setText(shown(p.value));
  }, [shown(p.value)]);
  const parsed = readJson(text);
  const merged: Issues = new Map(p.issues);
  if (typeof parsed === 'string' && text.trim() !== '') merged.set(p.path, ['not valid JSON']);
  return (
    <Wrap {...p} issues={merged}>
      <textarea
        {...aria({ ...p, issues: merged })}
        class="code"
        rows={6}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          const v = readJson(e.currentTarget.value);
          p.onChange(e.currentTarget.value.trim() === '' ? undefined : v);
        }}
      />
    </Wrap>
  );
}

/** The JSON in `text`, or `text` itself when it is not JSON. */
function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

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
