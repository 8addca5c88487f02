/** Try it: a message in, the routing decision with its reasons, then the reply streamed (not counted in metrics). */
import { useState } from 'preact/hooks';
import { api, streamSse } from '../api';

interface Decision {
  intent: string | null;
  confidence: number;
  tier: string;
  reason: string;
  handoff: boolean;
  answer: string | null;
  candidate: { intent: string; confidence: number } | null;
  masked?: string;
  verdict?: string;
}

export function TryIt(props: { site: string }) {
  const [text, setText] = useState('');
  const [draft, setDraft] = useState(false);
  const [decision, setDecision] = useState<Decision | null>(null);
  const [reply, setReply] = useState('');
  const [meta, setMeta] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    setReply('');
    setMeta('');
    setDecision(null);
    try {
      const r = await api<{ decision: Decision; version: number | null }>('/admin/api/route', {
        method: 'POST',
        body: { siteKey: props.site, text, draft },
      });
      setDecision(r.decision);
      let acc = '';
      await streamSse('/admin/api/try/reply', { siteKey: props.site, text }, (f) => {
        if (f.type === 'meta') setMeta(`${String(f.provider)} · ${String(f.model)}${f.cached ? ' · cached' : ''}`);
        if (f.type === 'delta') {
          acc += String(f.text);
          setReply(acc);
        }
        if (f.type === 'error') setError(`${String(f.code)}: ${String(f.message)}`);
      });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="try-h">
      <h2 id="try-h">Try it</h2>
      <form onSubmit={run} class="try">
        <label for="try-text">Visitor message</label>
        <textarea id="try-text" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <div class="field check">
          <input id="try-draft" type="checkbox" checked={draft} onChange={(e) => setDraft(e.currentTarget.checked)} />
          <label for="try-draft">Route against the unpublished draft</label>
        </div>
        <button type="submit" disabled={busy || !text.trim()}>
          Try
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
      {decision && (
        <dl class="decision" aria-label="Decision">
          <dt>Intent</dt>
          <dd data-testid="decision-intent">{decision.intent ?? '(none)'}</dd>
          <dt>Confidence</dt>
          <dd>{decision.confidence.toFixed(2)}</dd>
          <dt>Tier</dt>
          <dd>{decision.tier}</dd>
          <dt>Reason</dt>
          <dd>{decision.reason}</dd>
          <dt>Handoff</dt>
          <dd>{decision.handoff ? 'yes' : 'no'}</dd>
          {decision.candidate && (
            <>
              <dt>Best guess</dt>
              <dd>
                {decision.candidate.intent} ({decision.candidate.confidence.toFixed(2)})
              </dd>
            </>
          )}
          <dt>Masked text</dt>
          <dd>{decision.masked ?? '—'}</dd>
          <dt>Policy verdict</dt>
          <dd>{decision.verdict ?? '—'}</dd>
          <dt>Canned answer</dt>
          <dd>{decision.answer ?? '—'}</dd>
        </dl>
      )}
      {(reply || busy) && (
        <div class="reply">
          <h3>Reply {meta && <small>({meta})</small>}</h3>
          <p aria-live="polite" data-testid="try-reply">
            {reply}
          </p>
        </div>
      )}
    </section>
  );
}
