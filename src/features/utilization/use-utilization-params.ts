/** The page's URL state as a hook: read it, and change parts of it (replacing the history entry). */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { readParams, windowQuery, writeParams, type UtilizationParams, type WindowQuery } from './params';

export function useUtilizationParams(): { params: UtilizationParams; query: WindowQuery; update: (change: Partial<UtilizationParams>) => void } {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => readParams(search), [search]);
  const query = useMemo(() => windowQuery(params), [params]);
  const update = useCallback(
    (change: Partial<UtilizationParams>) => {
      setSearch((prev) => {
        const next = writeParams({ ...readParams(prev), ...change });
        // Parameters other features put in the URL (the demo's preset) survive.
        for (const [k, v] of prev) if (!['range', 'from', 'to', 'scope', 'scopeId', 'by', 'sort', 'order', 'idle', 'sm'].includes(k)) next.set(k, v);
        return next;
      }, { replace: true, preventScrollReset: true });
    },
    [setSearch],
  );
  return { params, query, update };
}
