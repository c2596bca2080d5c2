/** The Audit log's URL state as a hook: the filters, a way to change some, and a way to clear them. */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { clearAuditParams, readAuditParams, writeAuditParams, type AuditParams } from './audit-params';

export function useAuditParams(): { params: AuditParams; update: (patch: Partial<AuditParams>) => void; clear: () => void } {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => readAuditParams(search), [search]);
  const update = useCallback(
    (patch: Partial<AuditParams>) => setSearch((prev) => writeAuditParams(prev, patch), { preventScrollReset: true }),
    [setSearch],
  );
  const clear = useCallback(() => setSearch((prev) => clearAuditParams(prev), { preventScrollReset: true }), [setSearch]);
  return { params, update, clear };
}
