/**
 * The page's URL state as a hook: read it, and change parts of it (replacing the history entry).
 * The scope is one with the header's project switcher: a project chosen here is chosen there too,
 * and a project chosen there replaces the scope here.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { ALL_PROJECTS, useProjectScope } from '../../lib/project-scope';
import { readParams, windowQuery, writeParams, type UtilizationParams, type WindowQuery } from './params';

/** Whether the URL's scope says the same as the header (no scope in the URL follows the header). */
function agrees(search: URLSearchParams, headerProjectId: string): boolean {
  const scope = search.get('scope');
  if (!scope) return true;
  return scope === 'project' ? search.get('scopeId') === headerProjectId : headerProjectId === ALL_PROJECTS;
}

export function useUtilizationParams(): { params: UtilizationParams; query: WindowQuery; update: (change: Partial<UtilizationParams>) => void } {
  const [search, setSearch] = useSearchParams();
  const { projectId, setProjectId } = useProjectScope();
  const params = useMemo(() => readParams(search, projectId), [search, projectId]);
  const query = useMemo(() => windowQuery(params), [params]);

  // The URL's scope (a link, a choice on this page) → the header.
  useEffect(() => {
    const scope = search.get('scope');
    if (!scope || agrees(search, projectId)) return;
    setProjectId(scope === 'project' ? (search.get('scopeId') ?? ALL_PROJECTS) : ALL_PROJECTS);
    // Only when the URL changes: a change in the header is handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  // The header → this page: its own scope gives way to the project chosen there.
  const lastHeader = useRef(projectId);
  useEffect(() => {
    if (lastHeader.current === projectId) return;
    lastHeader.current = projectId;
    if (agrees(search, projectId)) return;
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete('scope');
        next.delete('scopeId');
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [projectId]);

  const update = useCallback(
    (change: Partial<UtilizationParams>) => {
      // The whole organization here is every project in the header.
      if (change.scope === 'organization') setProjectId(ALL_PROJECTS);
      setSearch((prev) => {
        const next = writeParams({ ...readParams(prev), ...change });
        // Parameters other features put in the URL (the demo's preset) survive.
        for (const [k, v] of prev) if (!['range', 'from', 'to', 'scope', 'scopeId', 'by', 'sort', 'order', 'idle', 'sm'].includes(k)) next.set(k, v);
        return next;
      }, { replace: true, preventScrollReset: true });
    },
    [setSearch, setProjectId],
  );
  return { params, query, update };
}
