/**
 * A site's actions (`shared/actions.ts`): endpoints of the site's own systems the assistant may call. Defined and
 * enabled in the draft config with the same schema the Worker checks, published with a diff, and test-called with a
 * sample argument set against the saved draft, showing the signed request as sent and what the endpoint answered.
 */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { type FieldSpec, type Option, RecordList, valueAt } from '../field-list';
import { DraftPublish, type SiteDraft, useSiteDraft } from '../site-draft';

const METHODS: Option[] = [
  { value: 'POST', label: 'POST (arguments as a JSON body)' },
  { value: 'GET', label: 'GET (arguments as query parameters)' },
];
const ENDPOINT_HINT = "https on a host of the site's origins; http://127.0.0.1 is called only in local development.";
const SECRET_HINT = 'The name of the Worker secret that signs the requests, ACTION_SECRET_<NAME>; never its value.';
const IDENTITY_HINT = 'userId, email: sent from the verified visitor token, whatever the model wrote. One a line.';

const actionFields = (i: number): FieldSpec[] => {
  const at = `actions.${i}`;
  const name = `Action ${i + 1}`;
  return [
    { kind: 'text', path: `${at}.name`, label: `${name} name` },
    { kind: 'area', path: `${at}.description`, label: `${name} description (the model reads it)` },
    { kind: 'text', path: `${at}.endpoint`, label: `${name} endpoint`, hint: ENDPOINT_HINT },
    { kind: 'select', path: `${at}.method`, label: `${name} method`, options: METHODS, fallback: 'POST' },
    { kind: 'text', path: `${at}.secret`, label: `${name} signing secret name`, hint: SECRET_HINT },
    { kind: 'json', path: `${at}.parameters`, label: `${name} parameters (JSON Schema)` },
    { kind: 'number', path: `${at}.timeoutMs`, label: `${name} timeout (ms)`, step: '1', hint: 'Empty: 3000.' },
    { kind: 'lines', path: `${at}.identity`, label: `${name} identity fields`, hint: IDENTITY_HINT },
    { kind: 'text', path: `${at}.status.en`, label: `${name} progress line (English)`, unsetWhen: '' },
    { kind: 'check', path: `${at}.enabled`, label: `${name} enabled`, fallback: true },
    { kind: 'check', path: `${at}.needsVerifiedVisitor`, label: `${name} only for verified visitors`, fallback: false },
    { kind: 'check', path: `${at}.confirm`, label: `${name} asks the visitor to confirm first`, fallback: false },
  ];
};

const starter = (n: number) => ({
  name: `action_${n}`,
  description: '',
  endpoint: 'https://',
  method: 'POST',
  secret: 'ACTION_SECRET_',
  parameters: { type: 'object', properties: {} },
  enabled: true,
});

export function Actions(props: { site: string; canEdit: boolean }) {
  const { site, canEdit } = props;
  const state = useSiteDraft(site, { only: ['actions'] }, !canEdit);
  if (!state.doc || !state.schemas) return <p role="status">{state.status || 'Loading…'}</p>;
  const actions = (valueAt(state.form.draft, 'actions') as { name?: string }[] | undefined) ?? [];
  return (
    <section aria-labelledby="actions-h" class="settings">
      <header class="row">
        <h2 id="actions-h">Actions · {site}</h2>
        {!canEdit && <span class="badge-ro">Read only</span>}
      </header>
      {actions.length === 0 && <p>No actions: the assistant answers from the site's knowledge only.</p>}
      <RecordList
        form={state.form}
        path={['actions']}
        boxed
        name={(i) => `action ${i + 1}`}
        fieldsOf={actionFields}
        blank={() => starter(actions.length + 1)}
        addLabel="Add an action"
        extra={(i) => canEdit && <TestCall state={state} site={site} name={actions[i]?.name ?? ''} />}
      />
      <p role="status" class="status">
        {state.status}
      </p>
      <DraftPublish state={state} canEdit={canEdit} what="actions" noteId="actions-note" />
    </section>
  );
}

interface TestResult {
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; body: unknown; latencyMs: number } | null;
  error?: { code: string; message: string };
}

const pretty = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v, null, 2));

/** Test-call one action with sample arguments (and a sample verified user id), saving the draft first. */
function TestCall(props: { state: SiteDraft; site: string; name: string }) {
  const { state, site, name } = props;
  const [args, setArgs] = useState('{}');
  const [userId, setUserId] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const [problem, setProblem] = useState('');
  const id = `test-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const run = async () => {
    setResult(null);
    let sample: unknown;
    try {
      sample = JSON.parse(args);
    } catch {
      setProblem('The sample arguments are not valid JSON.');
      return;
    }
    if (state.unsaved.length && !(await state.save())) return setProblem('Fix the draft first: the test call uses the saved draft.');
    try {
      const body = { args: sample, identity: userId ? { userId } : {} };
      setResult(
        await api<TestResult>(`/admin/api/sites/${encodeURIComponent(site)}/actions/${encodeURIComponent(name)}/test`, {
          method: 'POST',
          body,
        }),
      );
      setProblem('');
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <div class="test-call">
      <label for={`${id}-args`}>Sample arguments for {name} (JSON)</label>
      <textarea id={`${id}-args`} class="code" rows={3} value={args} onInput={(e) => setArgs(e.currentTarget.value)} />
      <label for={`${id}-user`}>Sample verified user id for {name} (empty: an anonymous visitor)</label>
      <input id={`${id}-user`} value={userId} onInput={(e) => setUserId(e.currentTarget.value)} />
      <button type="button" class="secondary" onClick={run} disabled={!name}>
        Test-call {name}
      </button>
      {problem && <p role="alert">{problem}</p>}
      {result && (
        <section class="test-result" aria-label={`Test call of ${name}`}>
          <h3>Signed request</h3>
          <pre data-testid="test-request">
            {`${result.request.method} ${result.request.url}\n`}
            {Object.entries(result.request.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}
            {result.request.body !== null ? `\n\n${result.request.body}` : ''}
          </pre>
          <h3>Response</h3>
          {result.response && (
            <pre data-testid="test-response">{`HTTP ${result.response.status} in ${result.response.latencyMs} ms\n\n${pretty(result.response.body)}`}</pre>
          )}
          {result.error && (
            <p class="field-error" data-testid="test-error">
              {result.error.code}: {result.error.message}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
