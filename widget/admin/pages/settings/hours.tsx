/**
 * Business hours of the human desk: a time zone, opening ranges per weekday, holidays and the longest wait for a
 * person, with whether the desk is open now by those hours (the same `isOpen` the Worker asks); and the handoff's
 * idle closing and whether agents may reveal masked values.
 */
import { FieldGroup, type FieldSpec } from '../../field-list';
import { CheckField } from '../../fields';
import { type ListSyntax, RANGES, type Range } from '../../list-syntax';
import type { SectionProps } from './types';

const DAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const WORKDAY: Range[] = [['09:00', '17:00']];
const STARTER = {
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  weekly: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
  holidays: [],
  waitLimitSeconds: 300,
};

const HOURS: FieldSpec[] = [
  { kind: 'text', path: 'hours.timeZone', label: 'Time zone (IANA)', list: 'time-zones', hint: 'e.g. Europe/Berlin, Asia/Shanghai.' },
  ...Object.entries(DAY_NAMES).map(
    ([day, name]): FieldSpec => ({
      kind: 'lines',
      path: `hours.weekly.${day}`,
      label: `${name} opening hours`,
      hint: day === 'mon' ? 'Ranges HH:MM-HH:MM, comma-separated; empty: closed.' : undefined,
      syntax: RANGES as ListSyntax<unknown>,
    }),
  ),
  { kind: 'lines', path: 'hours.holidays', label: 'Holidays (YYYY-MM-DD, one a line)' },
  { kind: 'number', path: 'hours.waitLimitSeconds', label: 'Longest wait for a person (seconds)', step: '1', fallback: 300 },
];

const IDLE = 'Idle minutes before a conversation closes (0: never)';
const REVEAL = "Agents may reveal a visitor's masked values (each reveal audited)";
const HANDOFF: FieldSpec[] = [
  { kind: 'number', path: 'handoff.idleCloseMinutes', label: IDLE, step: '1', fallback: 30 },
  { kind: 'check', path: 'handoff.revealPii', label: REVEAL, fallback: false },
];

export function HoursSection(p: SectionProps) {
  const hours = p.schemas.BusinessHours.safeParse(p.draft.hours);
  const status =
    p.draft.hours === undefined
      ? 'No business hours: the desk counts as always open.'
      : hours.success
        ? `By these hours the desk is ${p.schemas.isOpen(hours.data, Date.now()) ? 'open' : 'closed'} now.`
        : 'Fix the hours to see whether the desk is open now.';
  return (
    <div>
      <CheckField
        issues={p.issues}
        readOnly={p.readOnly}
        path="hours"
        label="Keep business hours for the human desk"
        value={p.draft.hours !== undefined}
        onChange={(on) => p.set(['hours'], on ? STARTER : undefined)}
      />
      <p data-testid="desk-open">{status}</p>
      {p.draft.hours !== undefined && (
        <FieldGroup legend="Business hours" form={p} fields={HOURS}>
          <datalist id="time-zones">
            {Intl.supportedValuesOf('timeZone').map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </FieldGroup>
      )}
      <FieldGroup legend="Handoff" form={p} fields={HANDOFF} />
    </div>
  );
}
