/**
 * Retention windows, alert rules and the alert webhook (`/admin/api/sites/:site/ops`): stored beside the
 * site config, not versioned with it, so saving applies at once; the diff shows what a save will change.
 * Checked with the same zod schema as the Worker's (`shared/ops.ts`). Admins edit; others read.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, issuesByPath } from '../../api';
import { diffSettings, setIn } from '../../config-diff';
import { type Draft, FieldGroup, type FieldSpec, type FormBinding, RecordList, valueAt } from '../../field-list';
import { ChangeList } from '../../publish';
import { issuesOf, type Schemas } from '../../schemas';

const METRICS = [
  { value: 'ttfd_p99_ms', label: 'Time to first delta, p99 (ms)' },
  { value: 'ttfd_p95_ms', label: 'Time to first delta, p95 (ms)' },
  { value: 'error_rate', label: 'Error rate (0–1)' },
];
const RETENTION: FieldSpec[] = [
  { kind: 'number', path: 'transcriptRetentionHours', label: 'Keep transcripts for (hours)', step: '1' },
  { kind: 'number', path: 'auditRetentionDays', label: 'Keep anonymous audit rows for (days)', step: '1' },
];
const WEBHOOK_HINT = "Empty: the deployment's ALERT_WEBHOOK_URL. Notifications are signed (x-parley-signature).";
const WEBHOOK: FieldSpec = {
  kind: 'text',
  path: 'alerts.webhookUrl',
  label: 'Alert webhook (https URL)',
  hint: WEBHOOK_HINT,
  unsetWhen: '',
};
const ruleFields = (i: number): FieldSpec[] => {
  const at = `alerts.rules.${i}`;
  const name = `Rule ${i + 1}`;
  return [
    { kind: 'text', path: `${at}.id`, label: `${name} id` },
    { kind: 'select', path: `${at}.metric`, label: `${name} metric`, options: METRICS },
    { kind: 'number', path: `${at}.threshold`, label: `${name} threshold` },
    { kind: 'number', path: `${at}.windowMinutes`, label: `${name} window (minutes)`, step: '1' },
    { kind: 'number', path: `${at}.minTurns`, label: `${name} minimum turns`, step: '1' },
  ];
};

export function OpsSection(props: { site: string; readOnly: boolean; schemas: Schemas }) {
  const { site, readOnly } = props;
  const url = `/admin/api/sites/${encodeURIComponent(site)}/ops`;
  const [saved, setSaved] = useState<Draft | null>(null);
  const [doc, setDoc] = useState<Draft>({});
  const [status, setStatus] = useState('');
  const [serverIssues, setServerIssues] = useState<{ path: string; message: string }[]>([]);
  useEffect(() => {
    api<Draft>(url)
      .then((d) => {
        setSaved(d);
        setDoc(d);
      })
      .catch((e: Error) => setStatus(e.message));
  }, [site]);
  const clientIssues = useMemo(() => issuesOf(props.schemas.OpsSettings.safeParse(doc)), [doc]);
  if (!saved) return <p role="status">{status || 'Loading…'}</p>;
  const form: FormBinding = {
    draft: doc,
    issues: issuesByPath([...clientIssues, ...serverIssues]),
    readOnly,
    set: (path, v) => {
      setServerIssues([]);
      setDoc((d) => setIn(d, path, v));
    },
  };
  const rules = (valueAt(doc, 'alerts.rules') as unknown[] | undefined) ?? [];
  const changes = diffSettings(saved, doc);
  const save = async () => {
    try {
      const r = await api<Draft>(url, { method: 'PUT', body: doc });
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
      <FieldGroup legend="Retention" form={form} fields={RETENTION} />
      <FieldGroup legend="Alerts" form={form} fields={[WEBHOOK]}>
        <RecordList
          form={form}
          path={['alerts', 'rules']}
          name={(i) => `rule ${i + 1}`}
          fieldsOf={ruleFields}
          blank={() => ({ id: `rule-${rules.length + 1}`, metric: 'error_rate', threshold: 0.1, windowMinutes: 5, minTurns: 5 })}
          addLabel="Add an alert rule"
        />
      </FieldGroup>
      <ChangeList label="Retention and alert changes" changes={changes} />
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
