/** The time range (24 h, 7 d, 30 d or custom dates) and the scope (organization, project, user, GPU type, region). */
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { catalogQueryOptions, sessionQueryOptions, usersQueryOptions } from '../../../api/queries';
import { NAMED_RANGES, SCOPE_KINDS, type RangeChoice, type ScopeKind, type UtilizationParams } from '../params';

const MAX_CUSTOM_DAYS = 92;

export function RangeScopeControls({ params, update }: { params: UtilizationParams; update: (c: Partial<UtilizationParams>) => void }) {
  return (
    <div className="mb-6 flex flex-wrap items-end gap-x-6 gap-y-4">
      <RangePicker range={params.range} onChange={(range) => update({ range })} />
      <ScopePicker scope={params.scope} scopeId={params.scopeId} onChange={(scope, scopeId) => update({ scope, scopeId })} />
    </div>
  );
}

function RangePicker({ range, onChange }: { range: RangeChoice; onChange: (r: RangeChoice) => void }) {
  const [customOpen, setCustomOpen] = useState(range.kind === 'custom');
  const selected = range.kind === 'custom' || customOpen ? 'custom' : range.range;
  const option = (value: string, label: string, onSelect: () => void) => (
    <label key={value} className={`cursor-pointer px-3 py-1.5 text-sm font-medium focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-teal-600 ${selected === value ? 'bg-teal-700 text-white' : 'bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800'}`}>
      <input type="radio" name="utilization-range" value={value} checked={selected === value} onChange={onSelect} className="sr-only" />
      {label}
    </label>
  );
  return (
    <div className="flex flex-wrap items-end gap-3">
      <fieldset>
        <legend className="field-label">Time range</legend>
        <div className="flex overflow-hidden rounded-lg border border-slate-300 dark:border-slate-600">
          {NAMED_RANGES.map((r) =>
            option(r.value, r.label, () => {
              setCustomOpen(false);
              onChange({ kind: 'named', range: r.value });
            }),
          )}
          {option('custom', 'Custom', () => setCustomOpen(true))}
        </div>
      </fieldset>
      {selected === 'custom' && <CustomRange range={range} onApply={onChange} />}
    </div>
  );
}

function CustomRange({ range, onApply }: { range: RangeChoice; onApply: (r: RangeChoice) => void }) {
  const [from, setFrom] = useState(range.kind === 'custom' ? range.fromDate : '');
  const [to, setTo] = useState(range.kind === 'custom' ? range.toDate : '');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to) return setError('Choose both dates.');
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days < 1) return setError('The start must be on or before the end.');
    if (days > MAX_CUSTOM_DAYS) return setError(`A range is at most ${MAX_CUSTOM_DAYS} days.`);
    setError(null);
    onApply({ kind: 'custom', fromDate: from, toDate: to });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2" aria-label="Custom range">
      <div>
        <label htmlFor="util-from" className="field-label">
          From (UTC)
        </label>
        <input id="util-from" type="date" className="field-input" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby={error ? 'util-range-error' : undefined} />
      </div>
      <div>
        <label htmlFor="util-to" className="field-label">
          To (UTC, inclusive)
        </label>
        <input id="util-to" type="date" className="field-input" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={error ? 'util-range-error' : undefined} />
      </div>
      <button type="submit" className="btn-secondary">
        Apply
      </button>
      {error && (
        <p id="util-range-error" role="alert" className="field-error w-full">
          {error}
        </p>
      )}
    </form>
  );
}

function ScopePicker({ scope, scopeId, onChange }: { scope: ScopeKind; scopeId: string; onChange: (scope: ScopeKind, scopeId: string) => void }) {
  const [kind, setKind] = useState<ScopeKind>(scope);
  const options = useScopeOptions(kind);
  // Follow the URL when it changes from elsewhere (a breakdown link, the back button).
  const [seen, setSeen] = useState(scope);
  if (seen !== scope) {
    setSeen(scope);
    setKind(scope);
  }
  const chooseKind = (next: ScopeKind) => {
    setKind(next);
    if (next === 'organization') onChange('organization', '');
  };
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="util-scope" className="field-label">
          Scope
        </label>
        <select id="util-scope" className="field-input" value={kind} onChange={(e) => chooseKind(e.target.value as ScopeKind)}>
          {SCOPE_KINDS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      {kind !== 'organization' && (
        <div>
          <label htmlFor="util-scope-id" className="field-label">
            Which {SCOPE_KINDS.find((s) => s.value === kind)?.label.toLowerCase().replace('gpu', 'GPU')}
          </label>
          <select id="util-scope-id" className="field-input" value={kind === scope ? scopeId : ''} onChange={(e) => e.target.value && onChange(kind, e.target.value)}>
            <option value="">Choose…</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

function useScopeOptions(kind: ScopeKind): Array<{ value: string; label: string }> {
  const session = useQuery({ ...sessionQueryOptions(), enabled: kind === 'project' });
  const users = useQuery({ ...usersQueryOptions(), enabled: kind === 'user' });
  const catalog = useQuery({ ...catalogQueryOptions(), enabled: kind === 'gpuType' || kind === 'region' });
  switch (kind) {
    case 'project':
      return (session.data?.projects ?? []).map((p) => ({ value: p.id, label: p.name }));
    case 'user':
      return (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }));
    case 'gpuType':
      return (catalog.data?.gpuTypes ?? []).map((g) => ({ value: g.id, label: g.name }));
    case 'region':
      return (catalog.data?.regions ?? []).map((r) => ({ value: r.id, label: `${r.name} (${r.country})` }));
    case 'organization':
      return [];
  }
}
