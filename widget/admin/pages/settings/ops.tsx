/**
 * Retention windows, alert rules and the alert webhook (`/admin/api/sites/:site/ops`): stored beside the
 * site config, not versioned with it, so saving applies at once; the diff shows what a save will change.
 * Checked with the same zod schema as the Worker's (`shared/ops.ts`). Admins edit; others read.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, issuesByPath } from '../../api';
import { describeChange, diffSettings, setIn } from '../../config-diff';
import { NumberField, RemoveButton, SelectField, TextField, without } from '../../fields';
import { issuesOf, type Schemas } from '../../schemas';

type Doc = Record<string, unknown>;
interface Rule {
  id: string;
  metric: string;
  threshold: number;
  windowMinutes: number;
  minTurns?: number;
}
const METRICS = [
  { value: 'ttfd_p99_ms', label: 'Time to first delta, p99 (ms)' },
  { value: 'ttfd_p95_ms', label: 'Time to first delta, p95 (ms)' },
  { value: 'error_rate', label: 'Error rate (0–1)' },
];

export function OpsSection(props: { site: string; readOnly: boolean; schemas: Schemas }) {
  const { site, readOnly } = props;
  const url = `/admin/api/sites/${encodeURIComponent(site)}/ops`;
  const [saved, setSaved] = useState<Doc | null>(null);
  const [doc, setDoc] = useState<Doc>({});
  const [status, setStatus] = useState('');
  const [serverIssues, setServerIssues] = useState<{ path: string; message: string }[]>([]);
  useEffect(() => {
    api<Doc>(url)
      .then((d) => {
        setSaved(d);
        setDoc(d);
      })
      .catch((e: Error) => setStatus(e.message));
  }, [site]);
  const clientIssues = useMemo(() => issuesOf(props.schemas.OpsSettings.safeParse(doc)), [doc]);
  if (!saved) return <p role="status">{status || 'Loading…'}</p>;
  const issues = issuesByPath([...clientIssues, ...serverIssues]);
  const common = { issues, readOnly };
  const set = (path: (string | number)[], v: unknown) => {
    setServerIssues([]);
    setDoc((d) => setIn(d, path, v));
  };
  const alerts = (doc.alerts ?? {}) as { webhookUrl?: string; rules?: Rule[] };
  const rules = alerts.rules ?? [];
  const changes = diffSettings(saved, doc);
  const save = async () => {
    try {
      const r = await api<Doc>(url, { method: 'PUT', body: doc });
      setSaved(r);
      setDoc(r);
      setStatus('Retention and alert settings saved.');
    } catch (e) {
      if (e instanceof ApiError) setServerIssues(e.issues);
      setStatus((e as Error).message);
    }
  };
  return (
    <div>
      <fieldset>
        <legend>Retention</legend>
        <NumberField
          {...common}
          label="Keep transcripts for (hours)"
          path="transcriptRetentionHours"
          step="1"
          value={doc.transcriptRetentionHours as number | undefined}
          onChange={(v) => set(['transcriptRetentionHours'], v)}
        />
        <NumberField
          {...common}
          label="Keep anonymous audit rows for (days)"
          path="auditRetentionDays"
          step="1"
          value={doc.auditRetentionDays as number | undefined}
          onChange={(v) => set(['auditRetentionDays'], v)}
        />
      </fieldset>
      <fieldset>
        <legend>Alerts</legend>
        <TextField
          {...common}
          label="Alert webhook (https URL)"
          path="alerts.webhookUrl"
          hint="Empty: the deployment's ALERT_WEBHOOK_URL. Notifications are signed (x-parley-signature)."
          value={alerts.webhookUrl}
          onChange={(v) => set(['alerts', 'webhookUrl'], v.trim() === '' ? undefined : v.trim())}
        />
        {rules.map((r, i) => (
          <div class="link-row" key={`rule-${i}`}>
            <TextField
              {...common}
              label={`Rule ${i + 1} id`}
              path={`alerts.rules.${i}.id`}
              value={r.id}
              onChange={(v) => set(['alerts', 'rules', i, 'id'], v)}
            />
            <SelectField
              {...common}
              label={`Rule ${i + 1} metric`}
              path={`alerts.rules.${i}.metric`}
              value={r.metric}
              options={METRICS}
              onChange={(v) => set(['alerts', 'rules', i, 'metric'], v)}
            />
            <NumberField
              {...common}
              label={`Rule ${i + 1} threshold`}
              path={`alerts.rules.${i}.threshold`}
              value={r.threshold}
              onChange={(v) => set(['alerts', 'rules', i, 'threshold'], v)}
            />
            <NumberField
              {...common}
              label={`Rule ${i + 1} window (minutes)`}
              path={`alerts.rules.${i}.windowMinutes`}
              step="1"
              value={r.windowMinutes}
              onChange={(v) => set(['alerts', 'rules', i, 'windowMinutes'], v)}
            />
            <NumberField
              {...common}
              label={`Rule ${i + 1} minimum turns`}
              path={`alerts.rules.${i}.minTurns`}
              step="1"
              value={r.minTurns}
              onChange={(v) => set(['alerts', 'rules', i, 'minTurns'], v)}
            />
            <RemoveButton readOnly={readOnly} onClick={() => set(['alerts', 'rules'], without(rules, i))}>
              Remove rule {i + 1}
            </RemoveButton>
          </div>
        ))}
        {!readOnly && (
          <button
            type="button"
            class="secondary"
            onClick={() =>
              set(
                ['alerts', 'rules'],
                [...rules, { id: `rule-${rules.length + 1}`, metric: 'error_rate', threshold: 0.1, windowMinutes: 5, minTurns: 5 }],
              )
            }
          >
            Add an alert rule
          </button>
        )}
      </fieldset>
      {changes.length > 0 && (
        <ul class="diff" aria-label="Retention and alert changes">
          {changes.map((c) => (
            <li key={c.path} class={c.kind}>
              <code>{describeChange(c)}</code>
            </li>
          ))}
        </ul>
      )}
      <p role="status" class="status">
        {status}
      </p>
      {!readOnly && (
        <button type="button" onClick={save} disabled={changes.length === 0 || clientIssues.length > 0}>
          Save retention and alerts
        </button>
      )}
    </div>
  );
}
