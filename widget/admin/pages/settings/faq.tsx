/** FAQ entries: questions a visitor might ask and the answer the built-in responder gives, per locale. */
import { type FieldSpec, RecordList } from '../../field-list';
import { LOCALES } from './general';
import type { SectionProps } from './types';

const entryFields = (i: number): FieldSpec[] => [
  { kind: 'text', path: `faq.${i}.id`, label: `FAQ ${i + 1} id` },
  { kind: 'lines', path: `faq.${i}.questions`, label: `FAQ ${i + 1} questions (one a line)` },
  { kind: 'text', path: `faq.${i}.answer`, label: `FAQ ${i + 1} answer` },
  { kind: 'select', path: `faq.${i}.locale`, label: `FAQ ${i + 1} locale`, options: LOCALES },
];

export function FaqSection(p: SectionProps) {
  const faq = (p.draft.faq ?? []) as { id: string }[];
  const nextId = () => {
    let n = faq.length + 1;
    while (faq.some((e) => e.id === `faq-${n}`)) n++;
    return `faq-${n}`;
  };
  return (
    <div>
      {faq.length === 0 && <p>No FAQ entries: the built-in responder answers from intents only.</p>}
      <RecordList
        form={p}
        path={['faq']}
        boxed
        name={(i) => `FAQ ${i + 1}`}
        fieldsOf={entryFields}
        blank={() => ({ id: nextId(), questions: [], answer: '', locale: 'en' })}
        addLabel="Add a FAQ entry"
      />
    </div>
  );
}
