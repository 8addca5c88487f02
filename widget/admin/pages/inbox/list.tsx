/** The waiting list: oldest first, with who claimed each, unread counts and whether the visitor is typing. */
import { keyOf, type Row } from './model';

const since = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function WaitingList(props: { rows: Row[]; open: string | null; onOpen: (r: Row) => void }) {
  if (props.rows.length === 0) return <p class="muted">No conversation is waiting.</p>;
  return (
    <ul class="inbox-list" aria-label="Waiting conversations">
      {props.rows.map((r) => {
        const key = keyOf(r);
        const unread = r.unread > 0 ? `, ${r.unread} unread` : '';
        return (
          <li key={key}>
            <button
              type="button"
              class="inbox-item"
              aria-current={props.open === key ? 'true' : undefined}
              aria-label={`${r.siteKey} conversation ${r.conversationId.slice(0, 8)}${unread}`}
              onClick={() => props.onOpen(r)}
            >
              <span class="inbox-site">{r.siteKey}</span> <span class="inbox-id">{r.conversationId.slice(0, 8)}</span>
              {r.unread > 0 && (
                <span class="badge" data-testid="unread">
                  {r.unread}
                </span>
              )}
              <br />
              <small>
                {r.reason.replace('_', ' ')} · since {since(r.since)}
                {r.claimedBy ? ` · ${r.claimedBy}` : ' · unclaimed'}
                {r.visitorTyping ? ' · typing…' : ''}
              </small>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
