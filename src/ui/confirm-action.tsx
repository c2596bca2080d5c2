/**
 * A destructive action behind a confirmation, in place: "Delete…" opens the question with the
 * action and Cancel; focus goes to Cancel (Enter pressed twice destroys nothing) and back to the
 * trigger after Cancel. The caller runs the action and says its result (the trigger's row is
 * usually gone after it).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export function ConfirmAction({
  trigger,
  triggerLabel,
  question,
  confirm,
  busy,
  busyText = 'Working…',
  onConfirm,
  className = '',
}: {
  /** The trigger's text, ending in "…": "Delete…". */
  trigger: string;
  /** Its accessible name when the text alone is ambiguous (one per row): "Delete the webhook to https://…". */
  triggerLabel?: string;
  /** What will happen, in words. */
  question: ReactNode;
  /** The confirming button's text, naming the action and its object: "Delete the webhook". */
  confirm: string;
  busy: boolean;
  busyText?: string;
  onConfirm: () => void;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  // Focus moves only after the user toggled, never on the first render.
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) (open ? cancel : opener).current?.focus();
  }, [open]);
  const toggle = (next: boolean) => {
    moved.current = true;
    setOpen(next);
  };
  if (!open) {
    return (
      <button
        ref={opener}
        type="button"
        className={`btn-secondary ${className}`}
        onClick={() => toggle(true)}
        {...(triggerLabel ? { 'aria-label': triggerLabel } : {})}
      >
        {trigger}
      </button>
    );
  }
  return (
    <div className={`space-y-2 text-left ${className}`}>
      <p className="text-sm">{question}</p>
      <span className="inline-flex flex-wrap gap-2">
        {/* aria-disabled, not disabled: a disabled button drops the focus to the page. */}
        <button type="button" className="btn-danger" aria-disabled={busy} onClick={() => !busy && onConfirm()}>
          {busy ? busyText : confirm}
        </button>
        <button ref={cancel} type="button" className="btn-secondary" onClick={() => toggle(false)}>
          Cancel
        </button>
      </span>
    </div>
  );
}
