/** An admin sets the share of a project's free allowance at which the console warns; the API's field error shows at the field. */
import { useState } from 'react';
import { ApiError, errorMessage } from '../../../api/problem';
import { useSetEgressThreshold } from '../api/set-egress-threshold';

export function ThresholdForm({ projectId, projectName, thresholdPercent }: { projectId: string; projectName: string; thresholdPercent: number }) {
  const [text, setText] = useState(String(thresholdPercent));
  const mutation = useSetEgressThreshold();
  const id = `egress-threshold-${projectId}`;
  const error = mutation.error ? (mutation.error instanceof ApiError ? (mutation.error.fieldError('warningThresholdPercent') ?? mutation.error.message) : errorMessage(mutation.error)) : null;
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        // The API decides what is valid; text that is not a number is sent as such and refused there.
        const value = text.trim() === '' ? Number.NaN : Number(text.trim().replace(/%$/, ''));
        mutation.mutate({ projectId, warningThresholdPercent: value });
      }}
    >
      <div>
        <label htmlFor={id} className="sr-only">
          Warning threshold for {projectName} (% of the free allowance)
        </label>
        <div className="flex items-center gap-1">
          <input
            id={id}
            className="w-16 rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm tabular-nums dark:border-slate-600 dark:bg-slate-900"
            inputMode="numeric"
            autoComplete="off"
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => {
              setText(e.target.value);
              if (mutation.isSuccess || mutation.isError) mutation.reset();
            }}
          />
          <span aria-hidden="true">%</span>
          <button type="submit" className="btn-secondary px-2 py-1" disabled={mutation.isPending} aria-label={`Save the threshold for ${projectName}`}>
            Save
          </button>
        </div>
        {error && (
          <p id={`${id}-error`} className="field-error max-w-48">
            {error}
          </p>
        )}
        <span aria-live="polite" className="text-xs text-slate-600 dark:text-slate-300">
          {mutation.isSuccess ? 'Saved' : ''}
        </span>
      </div>
    </form>
  );
}
