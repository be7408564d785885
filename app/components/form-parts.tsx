// The pieces every form repeats: an error announced to screen readers, and a submit
// button that says it is busy while the request runs.
export function FormError({ message }: { message: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="error">
      {message}
    </p>
  );
}

export function SubmitButton({ busy, label, busyLabel }: { busy: boolean; label: string; busyLabel: string }) {
  return (
    <button className="button" type="submit" disabled={busy}>
      {busy ? busyLabel : label}
    </button>
  );
}
