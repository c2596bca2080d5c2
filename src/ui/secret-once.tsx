/**
 * A secret shown once (an API token, an invitation link, a webhook's signing secret): focus lands
 * on its heading so it can be copied at once, Copy says whether the browser allowed it, and Done
 * puts it away for good. The console never sees it again: the server keeps only a hash, or keeps
 * it to sign and never answers it.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export function SecretOnce({
  heading,
  label,
  value,
  onDone,
  copyLabel,
  what = 'it',
  children,
}: {
  /** What was made, and that this is the only time: "Token “CI” created. Copy it now: it will not be shown again." */
  heading: ReactNode;
  /** The field's label: "Your new token", "Signing secret". */
  label: string;
  value: string;
  onDone: () => void;
  /** The Copy button's accessible name when "Copy" alone would be ambiguous; its text stays "Copy". */
  copyLabel?: string;
  /** How the fallback names it: "select the token and copy it yourself". */
  what?: string;
  /** What to do with it: a note between the heading and the field. */
  children?: ReactNode;
}) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState('');
  useEffect(() => headingRef.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied.');
    } catch {
      setCopied(`The browser did not allow copying: select ${what} and copy it yourself.`);
    }
  };
  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="space-y-3 rounded-lg border border-emerald-600 bg-emerald-50 p-4 dark:border-emerald-500 dark:bg-emerald-950"
    >
      <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="text-sm font-semibold">
        {heading}
      </h3>
      {children}
      <label htmlFor={`${id}-value`} className="field-label">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={`${id}-value`}
          readOnly
          value={value}
          className="field-input min-w-0 flex-1 font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn-secondary" onClick={() => void copy()} {...(copyLabel ? { 'aria-label': copyLabel } : {})}>
          Copy
        </button>
        <button type="button" className="btn-primary" onClick={onDone}>
          Done
        </button>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm">
        {copied}
      </p>
    </section>
  );
}
