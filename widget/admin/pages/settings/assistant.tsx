/** The assistant's voice: the name it gives itself, how strictly it keeps to the site's knowledge, instructions per locale. */
import { FieldGroup, type FieldSpec, type Option } from '../../field-list';
import { LOCALES } from './general';
import type { SectionProps } from './types';

const STRICTNESS: Option[] = [
  { value: 'strict', label: 'Strict: answer only from the knowledge' },
  { value: 'balanced', label: 'Balanced: prefer and cite the knowledge' },
];
const NAME_HINT = 'Empty: "the customer-support assistant of" the site name.';
const STRICTNESS_HINT = 'Strict: a question no knowledge passage supports never reaches a model; the visitor is offered a person.';
const VOICE: FieldSpec[] = [
  { kind: 'text', path: 'assistant.name', label: 'Assistant name', hint: NAME_HINT, unsetWhen: '' },
  { kind: 'select', path: 'assistant.strictness', label: 'Strictness', options: STRICTNESS, fallback: 'strict', hint: STRICTNESS_HINT },
];
const INSTRUCTIONS: FieldSpec[] = LOCALES.map((l) => ({
  kind: 'area',
  path: `assistant.instructions.${l.value}`,
  label: `Instructions (${l.label})`,
  unsetWhen: '',
}));

export function AssistantSection(p: SectionProps) {
  return (
    <div class="two-col">
      <FieldGroup legend="Voice" form={p} fields={VOICE} />
      <FieldGroup legend="Instructions added to the system prompt" form={p} fields={INSTRUCTIONS} />
    </div>
  );
}
