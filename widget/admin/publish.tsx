/** The parts every draft → publish page shares: the list of changes a save or publish makes, and the publish row. */
import { describeChange, type SettingChange } from './config-diff';

/** The changes as readable lines (`~ theme.color: "#2563eb" → "#ff0000"`); nothing when there are none. */
export function ChangeList(props: { label: string; changes: SettingChange[] }) {
  if (props.changes.length === 0) return null;
  return (
    <ul class="diff" aria-label={props.label}>
      {props.changes.map((c) => (
        <li key={c.path} class={c.kind}>
          <code>{describeChange(c)}</code>
        </li>
      ))}
    </ul>
  );
}

/** A note for the version and the button that publishes it. */
export function PublishRow(props: {
  id: string;
  label: string;
  note: string;
  onNote: (note: string) => void;
  onPublish: () => void;
  disabled: boolean;
}) {
  return (
    <div class="row">
      <label for={props.id}>Note</label>
      <input id={props.id} value={props.note} onInput={(e) => props.onNote(e.currentTarget.value)} />
      <button type="button" onClick={props.onPublish} disabled={props.disabled}>
        {props.label}
      </button>
    </div>
  );
}
