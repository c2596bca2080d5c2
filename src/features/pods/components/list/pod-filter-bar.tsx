/**
 * The pod list's filters: search, status, project, owner, GPU type, region — all in the URL.
 * On phones they fold behind one "Filters" button that says how many are on.
 */
import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ALL_PROJECTS, useProjectScope } from '../../../../lib/project-scope';
import type { PodFilters } from '../../api/types';
import { activeFilterCount, statusChoiceOf, statusSearchValues, STATUS_CHOICES, withFilter } from '../../pod-filters';
import { useNames } from '../use-names';

const SEARCH_DEBOUNCE_MS = 250;

function Select({ id, label, value, onChange, options }: { id: string; label: string; value: string; onChange: (v: string) => void; options: Array<{ value: string; label: string }> }) {
  return (
    <div>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} className="field-input" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PodFilterBar({ filters }: { filters: PodFilters }) {
  const [search, setSearch] = useSearchParams();
  const { setProjectId } = useProjectScope();
  const names = useNames();
  const [q, setQ] = useState(filters.q ?? '');
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const set = (name: string, value: string | string[]) => setSearch(withFilter(search, name, value), { replace: true });

  useEffect(() => {
    if ((filters.q ?? '') === q) return;
    const t = setTimeout(() => setSearch((s) => withFilter(s, 'q', q), { replace: true }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [q, filters.q, setSearch]);

  const any = (label: string) => ({ value: '', label });
  const on = activeFilterCount(search);
  return (
    <div className="mb-4">
      <button type="button" className="btn-secondary mb-3 lg:hidden" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        Filters
        {on > 0 && (
          <span className="rounded-full bg-accent-700 px-1.5 text-xs text-white">
            {on}
            <span className="sr-only"> on</span>
          </span>
        )}
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <div id={panelId} className={`${open ? 'grid' : 'hidden'} gap-3 sm:grid-cols-3 lg:grid lg:grid-cols-7`} role="search" aria-label="Filter pods">
        <div className="sm:col-span-3 lg:col-span-2">
          <label htmlFor="pod-search" className="field-label">
            Search pods
          </label>
          <input id="pod-search" type="search" className="field-input" placeholder="Name or id" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <Select
          id="pod-status"
          label="Status"
          value={statusChoiceOf(filters.status)}
          onChange={(v) => set('status', statusSearchValues(v))}
          options={STATUS_CHOICES.map((c) => ({ value: c.value, label: c.label }))}
        />
        {/* The header's project, not a second one that could disagree with it: choosing here chooses there. */}
        <Select id="pod-project" label="Project" value={filters.projectId ?? ''} onChange={(v) => setProjectId(v || ALL_PROJECTS)} options={[any('All projects'), ...names.projects.map((p) => ({ value: p.id, label: p.name }))]} />
        <Select id="pod-owner" label="Owner" value={filters.ownerId ?? ''} onChange={(v) => set('ownerId', v)} options={[any('Anyone'), ...names.users.map((u) => ({ value: u.id, label: u.name }))]} />
        <Select id="pod-gpu" label="GPU type" value={filters.gpuTypeId ?? ''} onChange={(v) => set('gpuTypeId', v)} options={[any('Any GPU'), ...(names.catalog?.gpuTypes ?? []).map((g) => ({ value: g.id, label: g.name }))]} />
        <Select id="pod-region" label="Region" value={filters.regionId ?? ''} onChange={(v) => set('regionId', v)} options={[any('Any region'), ...(names.catalog?.regions ?? []).map((r) => ({ value: r.id, label: r.name }))]} />
        {on > 0 && (
          <p className="sm:col-span-3 lg:col-span-7">
            <button
              type="button"
              className="link text-sm"
              onClick={() => {
                setQ('');
                setSearch(new URLSearchParams(), { replace: true });
              }}
            >
              Clear filters
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
