/** What the spend views show: range (named or custom days), the dimension, day or week, chart or table. */
import { useState } from 'react';
import { DIMENSIONS, RANGES, type BillingParams, type RangeChoice } from '../billing-params';
import type { SpendDimension } from '../api/types';

const selectClass = 'field-input mt-1 w-auto';

/** `shown` is the range the figures on screen cover: a switch to custom dates starts from it. */
export function SpendControls({ params, shown, onChange }: { params: BillingParams; shown: { from: string; to: string } | undefined; onChange: (patch: Partial<BillingParams>) => void }) {
  return (
    <div className="flex flex-wrap items-end gap-4">
      <label className="text-sm">
        <span className="field-label">Range</span>
        <select
          className={selectClass}
          value={params.range}
          onChange={(e) => {
            const range = e.target.value as RangeChoice;
            if (range !== 'custom') onChange({ range, drill: null });
            else if (shown) onChange({ range, from: shown.from, to: shown.to, drill: null });
          }}
        >
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      {params.range === 'custom' && <CustomDays key={`${params.from}/${params.to}`} from={params.from} to={params.to} onApply={(from, to) => onChange({ from, to, drill: null })} />}
      <label className="text-sm">
        <span className="field-label">Break down by</span>
        <select className={selectClass} value={params.by} onChange={(e) => onChange({ by: e.target.value as SpendDimension, focus: null, drill: null })}>
          {DIMENSIONS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="field-label">Per</span>
        <select className={selectClass} value={params.granularity} onChange={(e) => onChange({ granularity: e.target.value === 'week' ? 'week' : 'day' })}>
          <option value="day">Day</option>
          <option value="week">Week (Monday to Sunday)</option>
        </select>
      </label>
      <fieldset className="text-sm">
        <legend className="field-label">Show as</legend>
        <div className="mt-1 flex gap-1">
          {(['chart', 'table'] as const).map((v) => (
            <button key={v} type="button" className={params.view === v ? 'btn-primary' : 'btn-secondary'} aria-pressed={params.view === v} onClick={() => onChange({ view: v })}>
              {v === 'chart' ? 'Chart' : 'Table'}
            </button>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Dates typed are kept here until applied, so a half-typed date never reaches the URL. */
function CustomDays({ from, to, onApply }: { from: string; to: string; onApply: (from: string, to: string) => void }) {
  const [draft, setDraft] = useState({ from, to });
  const invalid = !draft.from || !draft.to || draft.to < draft.from;
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) onApply(draft.from, draft.to);
      }}
    >
      <label className="text-sm">
        <span className="field-label">From</span>
        <input type="date" className={selectClass} value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
      </label>
      <label className="text-sm">
        <span className="field-label">To</span>
        <input type="date" className={selectClass} value={draft.to} min={draft.from} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
      </label>
      <button type="submit" className="btn-secondary" disabled={invalid}>
        Apply dates
      </button>
    </form>
  );
}
