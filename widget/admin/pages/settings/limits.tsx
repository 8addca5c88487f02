/** Reply cache (and its purge), per-site limits with the daily token allowance, and router thresholds. */
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { FieldGroup, type FieldSpec } from '../../field-list';
import type { SectionProps } from './types';

const CACHE: FieldSpec[] = [
  { kind: 'check', path: 'cache.enabled', label: 'Cache replies', fallback: true },
  { kind: 'number', path: 'cache.defaultTtlSeconds', label: 'Default time to live (seconds, 60 or more)', step: '1', fallback: 3600 },
  { kind: 'number', path: 'cache.maxTemperature', label: 'Highest temperature still cached', fallback: 0.3 },
];
const LIMITS: FieldSpec[] = [
  { kind: 'number', path: 'limits.maxMessageChars', label: 'Longest message (characters)', step: '1' },
  { kind: 'number', path: 'limits.messagesPerMinute', label: 'Messages per visitor per minute', step: '1' },
  {
    kind: 'number',
    path: 'limits.tokensPerDay',
    label: 'Daily token allowance (input + output, per UTC day)',
    step: '1',
    hint: 'Empty: no allowance enforced.',
  },
];
const ROUTER: FieldSpec[] = [
  { kind: 'number', path: 'router.threshold', label: 'Confidence threshold (0–1)' },
  { kind: 'number', path: 'router.minScore', label: 'Evidence floor (0–2)' },
  { kind: 'number', path: 'router.minScoreGrowth', label: 'Floor growth with examples (1–4)' },
];

export function LimitsSection(p: SectionProps & { site: string }) {
  const { readOnly, site } = p;
  const [purged, setPurged] = useState('');
  const purge = async () => {
    try {
      const r = await api<{ purged: number }>(`/admin/api/cache/sites/${encodeURIComponent(site)}`, { method: 'DELETE' });
      setPurged(`Purged ${r.purged} cached repl${r.purged === 1 ? 'y' : 'ies'} of ${site}.`);
    } catch (e) {
      setPurged((e as Error).message);
    }
  };
  return (
    <div class="two-col">
      <FieldGroup legend="Reply cache" form={p} fields={CACHE}>
        {!readOnly && (
          <div class="row">
            <button type="button" class="secondary" onClick={purge}>
              Purge this site's cache
            </button>
            <span role="status">{purged}</span>
          </div>
        )}
      </FieldGroup>
      <FieldGroup legend="Limits" form={p} fields={LIMITS} />
      <FieldGroup legend="Intent router" form={p} fields={ROUTER} />
    </div>
  );
}
