/** Reply cache (and its purge), per-site limits with the daily token allowance, and router thresholds. */
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { CheckField, NumberField } from '../../fields';
import { bindField, type SectionProps } from './types';

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
      <fieldset>
        <legend>Reply cache</legend>
        <CheckField {...bindField<boolean>(p, 'cache.enabled', true)} label="Cache replies" />
        <NumberField
          {...bindField<number>(p, 'cache.defaultTtlSeconds', 3600)}
          label="Default time to live (seconds, 60 or more)"
          step="1"
        />
        <NumberField {...bindField<number>(p, 'cache.maxTemperature', 0.3)} label="Highest temperature still cached" />
        {!readOnly && (
          <div class="row">
            <button type="button" class="secondary" onClick={purge}>
              Purge this site's cache
            </button>
            <span role="status">{purged}</span>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Limits</legend>
        <NumberField {...bindField<number>(p, 'limits.maxMessageChars')} label="Longest message (characters)" step="1" />
        <NumberField {...bindField<number>(p, 'limits.messagesPerMinute')} label="Messages per visitor per minute" step="1" />
        <NumberField
          {...bindField<number>(p, 'limits.tokensPerDay')}
          label="Daily token allowance (input + output, per UTC day)"
          step="1"
          hint="Empty: no allowance enforced."
        />
      </fieldset>
      <fieldset>
        <legend>Intent router</legend>
        <NumberField {...bindField<number>(p, 'router.threshold')} label="Confidence threshold (0–1)" />
        <NumberField {...bindField<number>(p, 'router.minScore')} label="Evidence floor (0–2)" />
        <NumberField {...bindField<number>(p, 'router.minScoreGrowth')} label="Floor growth with examples (1–4)" />
      </fieldset>
    </div>
  );
}
