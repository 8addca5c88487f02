/** Reply cache (and its purge), per-site limits with the daily token allowance, and router thresholds. */
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { CheckField, NumberField } from '../../fields';
import type { SectionProps } from './types';

export function LimitsSection(p: SectionProps & { site: string }) {
  const { draft, set, issues, readOnly, site } = p;
  const common = { issues, readOnly };
  const cache = (draft.cache ?? {}) as Record<string, unknown>;
  const limits = (draft.limits ?? {}) as Record<string, unknown>;
  const router = (draft.router ?? {}) as Record<string, unknown>;
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
        <CheckField
          {...common}
          label="Cache replies"
          path="cache.enabled"
          value={(cache.enabled as boolean | undefined) ?? true}
          onChange={(v) => set(['cache', 'enabled'], v)}
        />
        <NumberField
          {...common}
          label="Default time to live (seconds, 60 or more)"
          path="cache.defaultTtlSeconds"
          step="1"
          value={(cache.defaultTtlSeconds as number | undefined) ?? 3600}
          onChange={(v) => set(['cache', 'defaultTtlSeconds'], v)}
        />
        <NumberField
          {...common}
          label="Highest temperature still cached"
          path="cache.maxTemperature"
          value={(cache.maxTemperature as number | undefined) ?? 0.3}
          onChange={(v) => set(['cache', 'maxTemperature'], v)}
        />
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
        <NumberField
          {...common}
          label="Longest message (characters)"
          path="limits.maxMessageChars"
          step="1"
          value={limits.maxMessageChars as number | undefined}
          onChange={(v) => set(['limits', 'maxMessageChars'], v)}
        />
        <NumberField
          {...common}
          label="Messages per visitor per minute"
          path="limits.messagesPerMinute"
          step="1"
          value={limits.messagesPerMinute as number | undefined}
          onChange={(v) => set(['limits', 'messagesPerMinute'], v)}
        />
        <NumberField
          {...common}
          label="Daily token allowance (input + output, per UTC day)"
          path="limits.tokensPerDay"
          step="1"
          hint="Empty: no allowance enforced."
          value={limits.tokensPerDay as number | undefined}
          onChange={(v) => set(['limits', 'tokensPerDay'], v)}
        />
      </fieldset>
      <fieldset>
        <legend>Intent router</legend>
        <NumberField
          {...common}
          label="Confidence threshold (0–1)"
          path="router.threshold"
          value={router.threshold as number | undefined}
          onChange={(v) => set(['router', 'threshold'], v)}
        />
        <NumberField
          {...common}
          label="Evidence floor (0–2)"
          path="router.minScore"
          value={router.minScore as number | undefined}
          onChange={(v) => set(['router', 'minScore'], v)}
        />
        <NumberField
          {...common}
          label="Floor growth with examples (1–4)"
          path="router.minScoreGrowth"
          value={router.minScoreGrowth as number | undefined}
          onChange={(v) => set(['router', 'minScoreGrowth'], v)}
        />
      </fieldset>
    </div>
  );
}
