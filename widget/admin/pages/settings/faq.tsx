/** FAQ entries: questions a visitor might ask and the answer the built-in responder gives, per locale. */
import { LinesField, RemoveButton, SelectField, TextField, without } from '../../fields';
import type { SectionProps } from './types';

interface Entry {
  id: string;
  questions: string[];
  answer: string;
  locale: string;
}
const LOCALES = ['en', 'zh', 'ar'].map((l) => ({ value: l, label: l }));

export function FaqSection(p: SectionProps) {
  const { draft, set, issues, readOnly } = p;
  const common = { issues, readOnly };
  const faq = (draft.faq ?? []) as Entry[];
  const nextId = () => {
    let n = faq.length + 1;
    while (faq.some((e) => e.id === `faq-${n}`)) n++;
    return `faq-${n}`;
  };
  return (
    <div>
      {faq.length === 0 && <p>No FAQ entries: the built-in responder answers from intents only.</p>}
      {faq.map((entry, i) => (
        <fieldset key={`faq-${i}`}>
          <legend>FAQ {i + 1}</legend>
          <TextField
            {...common}
            label={`FAQ ${i + 1} id`}
            path={`faq.${i}.id`}
            value={entry.id}
            onChange={(v) => set(['faq', i, 'id'], v)}
          />
          <LinesField
            {...common}
            label={`FAQ ${i + 1} questions (one a line)`}
            path={`faq.${i}.questions`}
            value={entry.questions}
            onChange={(v) => set(['faq', i, 'questions'], v)}
          />
          <TextField
            {...common}
            label={`FAQ ${i + 1} answer`}
            path={`faq.${i}.answer`}
            value={entry.answer}
            onChange={(v) => set(['faq', i, 'answer'], v)}
          />
          <SelectField
            {...common}
            label={`FAQ ${i + 1} locale`}
            path={`faq.${i}.locale`}
            value={entry.locale}
            options={LOCALES}
            onChange={(v) => set(['faq', i, 'locale'], v)}
          />
          <RemoveButton readOnly={readOnly} onClick={() => set(['faq'], without(faq, i))}>
            Remove FAQ {i + 1}
          </RemoveButton>
        </fieldset>
      ))}
      {!readOnly && (
        <button
          type="button"
          class="secondary"
          onClick={() => set(['faq'], [...faq, { id: nextId(), questions: [], answer: '', locale: 'en' }])}
        >
          Add a FAQ entry
        </button>
      )}
    </div>
  );
}
