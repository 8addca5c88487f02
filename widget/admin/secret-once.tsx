/** A newly issued secret, shown this once for the operator to copy; `onDismiss` adds an "I have copied it" button. */
export function SecretOnce(props: { label: string; noun: string; id: string; secret: string; onDismiss?: () => void }) {
  return (
    <section class="secret" aria-label={props.label}>
      <p>
        {props.noun} <strong>{props.id}</strong>: copy it now, it is not shown again.
      </p>
      <pre data-testid="new-secret">{props.secret}</pre>
      {props.onDismiss && (
        <button type="button" class="secondary" onClick={props.onDismiss}>
          I have copied it
        </button>
      )}
    </section>
  );
}
