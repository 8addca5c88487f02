/** Privacy tools: export or delete everything kept about one visitor of a site, by their id. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, download } from '../api';

export function Privacy(props: { site: string }) {
  const { site } = props;
  const [visitor, setVisitor] = useState('');
  const [result, setResult] = useState('');
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The confirmation takes focus, so a keyboard user lands on the choice it asks for.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const url = () => `/admin/api/visitors/${encodeURIComponent(visitor.trim())}?site=${encodeURIComponent(site)}`;
  const exportData = async () => {
    try {
      const data = await api<{ turns: unknown[]; transcript: unknown[] }>(url());
      const text = JSON.stringify(data, null, 2);
      setResult(`Exported ${data.turns.length} turn(s) and ${data.transcript.length} message(s).\n${text}`);
      download(`visitor-${site}.json`, text, 'application/json');
    } catch (e) {
      setResult((e as Error).message);
    }
  };
  const remove = async () => {
    setConfirming(false);
    try {
      const r = await api<{ turnsDeleted: number; messagesDeleted: number }>(url(), { method: 'DELETE' });
      setResult(`Deleted ${r.turnsDeleted} turn(s) and ${r.messagesDeleted} message(s) of this visitor on ${site}.`);
    } catch (e) {
      setResult((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="privacy-h">
      <h2 id="privacy-h">Privacy · {site}</h2>
      <p>A visitor's id is the `sub` of their visitor token (or the anonymous id the widget keeps).</p>
      <div class="row">
        <label for="visitor-id">Visitor id</label>
        <input id="visitor-id" value={visitor} onInput={(e) => setVisitor(e.currentTarget.value)} />
        <button type="button" onClick={exportData} disabled={!visitor.trim()}>
          Export visitor data
        </button>
        <button type="button" class="danger" onClick={() => setConfirming(true)} disabled={!visitor.trim()}>
          Delete visitor data
        </button>
      </div>
      {confirming && (
        <div class="card" role="alertdialog" aria-labelledby="confirm-h">
          <p id="confirm-h">
            Delete every turn and message of visitor <strong>{visitor}</strong> on {site}? This cannot be undone.
          </p>
          <button type="button" class="danger" ref={confirmButton} onClick={remove}>
            Delete for good
          </button>{' '}
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <pre role="status" aria-label="Result" class="result">
        {result}
      </pre>
    </section>
  );
}
