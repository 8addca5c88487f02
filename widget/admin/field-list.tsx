/**
 * Settings forms as data: a section lists its fields (`{ kind: 'number', path: 'limits.tokensPerDay', label }`) and
 * `FieldList` renders them against a form binding, reading each value at its path in the draft and writing changes
 * back there. A new setting is one line in its section's list; its validation comes from the zod schema the form
 * is checked with, its issues from the same path.
 */
import type { ComponentChildren } from 'preact';
import {
  CheckField,
  type Issues,
  JsonField,
  ListField,
  NumberField,
  RemoveButton,
  SelectField,
  TextAreaField,
  TextField,
  without,
} from './fields';
import { LINES, type ListSyntax } from './list-syntax';

export type Draft = Record<string, unknown>;
export type KeyPath = (string | number)[];

/** What a form gives its fields: the document being edited, a setter by key path, the issues by dotted path, the mode. */
export interface FormBinding {
  draft: Draft;
  set: (path: KeyPath, value: unknown) => void;
  issues: Issues;
  readOnly: boolean;
}

export interface Option {
  value: string;
  label: string;
}

interface SpecBase {
  /** Dotted (`theme.color`) or as keys, for keys that may hold a dot (`['prices', model, 'input']`). */
  path: string | KeyPath;
  label: string;
  hint?: string;
}
/** One field of a form. `unsetWhen` is the typed value that removes the key, so the schema's default applies. */
export type FieldSpec = SpecBase &
  (
    | { kind: 'text'; fallback?: string; unsetWhen?: string; list?: string }
    | { kind: 'area'; unsetWhen?: string }
    | { kind: 'number'; fallback?: number; step?: string }
    | { kind: 'select'; fallback?: string; unsetWhen?: string; options: Option[] }
    | { kind: 'check'; fallback: boolean }
    | { kind: 'lines'; syntax?: ListSyntax<unknown> }
    | { kind: 'json' }
  );

const keysOf = (path: string | KeyPath): KeyPath => (Array.isArray(path) ? path : path.split('.'));

/** The value at `path` in `doc`, or undefined where any step is missing. */
export function valueAt(doc: unknown, path: string | KeyPath): unknown {
  let value = doc;
  for (const k of keysOf(path)) value = (value as Record<string, unknown> | undefined)?.[k];
  return value;
}

/** One field bound to the form at its path. */
export function Field(props: { form: FormBinding; spec: FieldSpec }) {
  const { form, spec } = props;
  const keys = keysOf(spec.path);
  const common = { issues: form.issues, readOnly: form.readOnly, path: keys.join('.'), label: spec.label, hint: spec.hint };
  const raw = valueAt(form.draft, keys);
  const put = (v: unknown) => form.set(keys, v);
  const putText = (unsetWhen: string | undefined) => (v: string) => put(unsetWhen !== undefined && v.trim() === unsetWhen ? undefined : v);
  switch (spec.kind) {
    case 'text':
      return <TextField {...common} list={spec.list} value={(raw as string) ?? spec.fallback} onChange={putText(spec.unsetWhen)} />;
    case 'area':
      return <TextAreaField {...common} value={raw as string | undefined} onChange={putText(spec.unsetWhen)} />;
    case 'number':
      return <NumberField {...common} step={spec.step} value={(raw as number | undefined) ?? spec.fallback} onChange={put} />;
    case 'select':
      return (
        <SelectField
          {...common}
          options={spec.options}
          value={(raw as string | undefined) ?? spec.fallback}
          onChange={putText(spec.unsetWhen)}
        />
      );
    case 'check':
      return <CheckField {...common} value={(raw as boolean | undefined) ?? spec.fallback} onChange={put} />;
    case 'lines':
      return <ListField {...common} syntax={spec.syntax ?? LINES} value={raw as unknown[] | undefined} onChange={put} />;
    case 'json':
      return <JsonField {...common} value={raw} onChange={put} />;
  }
}

/** The fields of `fields`, in order, bound to `form`. */
export function FieldList(props: { form: FormBinding; fields: FieldSpec[] }) {
  return (
    <>
      {props.fields.map((spec) => (
        <Field key={keysOf(spec.path).join('.')} form={props.form} spec={spec} />
      ))}
    </>
  );
}

/**
 * The records of the list at `path` (FAQ entries, alert rules, a tier's links), each edited by the fields
 * `fieldsOf(index)` gives, with a "Remove <name>" control per record and one to add `blank()`; no controls read-only.
 * `boxed` records are fieldsets titled by their name; the others are rows.
 */
export function RecordList(props: {
  form: FormBinding;
  path: KeyPath;
  name: (index: number) => string;
  fieldsOf: (index: number) => FieldSpec[];
  blank: () => unknown;
  addLabel: string;
  boxed?: boolean;
  /** More for each record, after its fields (the actions page's test call). */
  extra?: (index: number) => ComponentChildren;
}) {
  const { form, path } = props;
  const items = (valueAt(form.draft, path) as unknown[] | undefined) ?? [];
  return (
    <>
      {items.map((_, i) => {
        const body = (
          <>
            <FieldList form={form} fields={props.fieldsOf(i)} />
            {props.extra?.(i)}
            <RemoveButton readOnly={form.readOnly} onClick={() => form.set(path, without(items, i))}>
              Remove {props.name(i)}
            </RemoveButton>
          </>
        );
        const key = `${path.join('.')}.${i}`;
        return props.boxed ? (
          <fieldset key={key}>
            <legend>{props.name(i)}</legend>
            {body}
          </fieldset>
        ) : (
          <div class="link-row" key={key}>
            {body}
          </div>
        );
      })}
      {!form.readOnly && (
        <button type="button" class="secondary" onClick={() => form.set(path, [...items, props.blank()])}>
          {props.addLabel}
        </button>
      )}
    </>
  );
}

/** A titled group of fields (a fieldset), with anything else the group holds after them. */
export function FieldGroup(props: { legend: string; form: FormBinding; fields: FieldSpec[]; children?: ComponentChildren }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <FieldList form={props.form} fields={props.fields} />
      {props.children}
    </fieldset>
  );
}
