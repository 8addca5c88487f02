/**
 * Sites: the list, and (admins) creating one by key, name and origins, checked by the same schema as the
 * Worker's. After creating, the snippet to paste, the CSP lines the site needs and a link to a test page.
 */
import { useState } from 'preact/hooks';
import { ApiError, api, type Issue, issuesByPath } from '../api';
import { LinesField, TextField } from '../fields';
import { ListTable } from '../list-table';
import { issuesOf, useSchemas } from '../schemas';

/** What a site owner pastes and allows, for this Worker's origin. */
export function embedFor(siteKey: string, origin = location.origin) {
  const wss = origin.replace(/^http/, 'ws');
  return {
    snippet: `<script src="${origin}/widget.js" data-site-key="${siteKey}" async></script>`,
    csp: [`script-src ${origin}`, `connect-src ${origin} ${wss}`],
    testPage: `${origin}/test/${siteKey}`,
  };
}

export function Embed(props: { siteKey: string }) {
  const e = embedFor(props.siteKey);
  return (
    <section class="embed" aria-label={`Embed ${props.siteKey}`}>
      <h3>Embed {props.siteKey}</h3>
      <p>Paste this before the closing &lt;/body&gt; of every page that shows the chat:</p>
      <pre data-testid="snippet">{e.snippet}</pre>
      <p>If the site sends a Content-Security-Policy, add this Worker's origin to it:</p>
      <pre data-testid="csp">{e.csp.join('\n')}</pre>
      <p>
        The widget answers only once the site is published and the page's origin is allowed.{' '}
        <a href={e.testPage} target="_blank" rel="noopener">
          Open the test page for {props.siteKey}
        </a>{' '}
        (served from {location.origin}, so that origin must be among the site's origins).
      </p>
    </section>
  );
}

export function Sites(props: { sites: string[]; canCreate: boolean; onCreated: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState<string[]>([location.origin]);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [status, setStatus] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const schemas = useSchemas();

  const create = async (e: Event) => {
    e.preventDefault();
    const draft = { key: key.trim(), name: name.trim(), origins };
    const found = schemas ? issuesOf(schemas.SiteConfig.safeParse(draft)) : [];
    if (found.length) {
      setIssues(found);
      setStatus('Not created: fix the fields marked.');
      return;
    }
    try {
      await api('/admin/api/sites', { method: 'POST', body: draft });
      setIssues([]);
      setCreated(draft.key);
      setStatus(`Created site ${draft.key}. Set its look and publish it in Settings.`);
      props.onCreated(draft.key);
    } catch (err) {
      if (err instanceof ApiError) setIssues(err.issues);
      setStatus((err as Error).message);
    }
  };
  const byPath = issuesByPath(issues);
  return (
    <section aria-labelledby="sites-h">
      <h2 id="sites-h">Sites</h2>
      <ListTable label="Sites" columns={['Key']} actions="hidden">
        {props.sites.map((s) => (
          <tr key={s}>
            <td>{s}</td>
            <td>
              <button type="button" class="link" onClick={() => setShown(shown === s ? null : s)} aria-expanded={shown === s}>
                Embed code for {s}
              </button>
            </td>
          </tr>
        ))}
      </ListTable>
      {shown && <Embed siteKey={shown} />}
      {props.canCreate && (
        <form class="card" aria-labelledby="new-site-h" onSubmit={create}>
          <h3 id="new-site-h">Create a site</h3>
          <TextField
            label="Site key"
            path="key"
            hint="Lower-case letters, digits and -; it is public and cannot change."
            issues={byPath}
            readOnly={false}
            value={key}
            onChange={setKey}
          />
          <TextField label="Site name" path="name" issues={byPath} readOnly={false} value={name} onChange={setName} />
          <LinesField
            label="Allowed origins (one a line)"
            path="origins"
            hint={`Keep ${location.origin} to use the test page; add your site's origin, e.g. https://shop.example.`}
            issues={byPath}
            readOnly={false}
            value={origins}
            onChange={setOrigins}
          />
          <button type="submit">Create site</button>
        </form>
      )}
      <p role="status" class="status">
        {status}
      </p>
      {created && <Embed siteKey={created} />}
    </section>
  );
}
