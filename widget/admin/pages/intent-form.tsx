/** The intent editor: one field per setting, each with the server's validation message beside it. */
import { useState } from 'preact/hooks';
import type { Issue } from '../api';

export interface IntentDoc {
  id: string;
  label: string;
  examples: string[];
  keywords: string[];
  patterns: string[];
  tier: 'fast' | 'default' | 'premium';
  systemPrompt?: string;
  answer?: Record<string, string>;
  handoff: boolean;
  cacheable: boolean;
  cacheTtl?: number;
}

export const LOCALES = ['en', 'zh', 'ar'];

export const emptyIntent = (): IntentDoc => ({
  id: '',
  label: '',
  examples: [],
  keywords: [],
  patterns: [],
  tier: 'default',
  answer: {},
  handoff: false,
  cacheable: true,
});

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Messages for a field: issues whose path starts with it (`examples`, `patterns.0`, `answer.en`). */
function messagesFor(issues: Issue[], field: string): string[] {
  return issues
    .filter((i) => i.path === field || i.path.startsWith(`${field}.`))
    .map((i) => (i.path === field ? i.message : `${i.path}: ${i.message}`));
}

function FieldError(props: { id: string; messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <p class="field-error" id={props.id} role="alert">
      {props.messages.join('; ')}
    </p>
  );
}

export function IntentForm(props: {
  initial: IntentDoc;
  isNew: boolean;
  readOnly: boolean;
  issues: Issue[];
  onSave: (intent: IntentDoc) => void;
  onCancel: () => void;
}) {
  const [doc, setDoc] = useState<IntentDoc>(props.initial);
  const [text, setText] = useState(() => ({
    examples: props.initial.examples.join('\n'),
    keywords: props.initial.keywords.join('\n'),
    patterns: props.initial.patterns.join('\n'),
  }));
  const set = <K extends keyof IntentDoc>(k: K, v: IntentDoc[K]) => setDoc({ ...doc, [k]: v });
  const err = (f: string) => messagesFor(props.issues, f);
  const aria = (f: string) => (err(f).length ? { 'aria-invalid': true, 'aria-describedby': `err-${f}` } : {});
  const submit = (e: Event) => {
    e.preventDefault();
    const answer = Object.fromEntries(Object.entries(doc.answer ?? {}).filter(([, v]) => v.trim()));
    props.onSave({
      ...doc,
      examples: lines(text.examples),
      keywords: lines(text.keywords),
      patterns: lines(text.patterns),
      ...(Object.keys(answer).length ? { answer } : { answer: undefined }),
    });
  };
  const list = (f: 'examples' | 'keywords' | 'patterns', label: string, hint: string) => (
    <div class="field">
      <label for={`f-${f}`}>{label}</label>
      <textarea
        id={`f-${f}`}
        rows={4}
        value={text[f]}
        disabled={props.readOnly}
        onInput={(e) => setText({ ...text, [f]: e.currentTarget.value })}
        {...aria(f)}
      />
      <small>{hint}</small>
      <FieldError id={`err-${f}`} messages={err(f)} />
    </div>
  );
  return (
    <form class="intent-form" onSubmit={submit} aria-label={props.isNew ? 'New intent' : `Edit intent ${props.initial.id}`}>
      <fieldset disabled={props.readOnly}>
        <div class="field">
          <label for="f-id">Intent id</label>
          <input id="f-id" value={doc.id} readOnly={!props.isNew} onInput={(e) => set('id', e.currentTarget.value)} {...aria('id')} />
          <FieldError id="err-id" messages={err('id')} />
        </div>
        <div class="field">
          <label for="f-label">Label</label>
          <input id="f-label" value={doc.label} onInput={(e) => set('label', e.currentTarget.value)} {...aria('label')} />
          <FieldError id="err-label" messages={err('label')} />
        </div>
        {list('examples', 'Examples', 'One visitor message per line; the classifier learns from these.')}
        {list('keywords', 'Keywords', 'One word or phrase per line; a message containing one matches outright.')}
        {list('patterns', 'Patterns', 'One regular expression per line (case-insensitive).')}
        <div class="field">
          <label for="f-tier">Tier</label>
          <select id="f-tier" value={doc.tier} onChange={(e) => set('tier', e.currentTarget.value as IntentDoc['tier'])}>
            <option value="fast">fast</option>
            <option value="default">default</option>
            <option value="premium">premium</option>
          </select>
        </div>
        {LOCALES.map((loc) => (
          <div class="field" key={loc}>
            <label for={`f-answer-${loc}`}>Canned answer ({loc})</label>
            <textarea
              id={`f-answer-${loc}`}
              rows={3}
              value={doc.answer?.[loc] ?? ''}
              onInput={(e) => set('answer', { ...(doc.answer ?? {}), [loc]: e.currentTarget.value })}
              {...aria(`answer.${loc}`)}
            />
            <FieldError id={`err-answer.${loc}`} messages={err(`answer.${loc}`)} />
          </div>
        ))}
        <div class="field check">
          <input id="f-handoff" type="checkbox" checked={doc.handoff} onChange={(e) => set('handoff', e.currentTarget.checked)} />
          <label for="f-handoff">Hand off to a human</label>
        </div>
        <div class="field check">
          <input id="f-cacheable" type="checkbox" checked={doc.cacheable} onChange={(e) => set('cacheable', e.currentTarget.checked)} />
          <label for="f-cacheable">Replies may be cached</label>
        </div>
        <FieldError
          id="err-form"
          messages={props.issues
            .filter((i) => !/^(id|label|examples|keywords|patterns|answer)/.test(i.path))
            .map((i) => `${i.path}: ${i.message}`)}
        />
      </fieldset>
      <div class="row">
        {!props.readOnly && <button type="submit">Save draft</button>}
        <button type="button" class="secondary" onClick={props.onCancel}>
          Close
        </button>
      </div>
    </form>
  );
}
