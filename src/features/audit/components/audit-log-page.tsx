/**
 * The Audit log (issue 15, point 4): who changed what, from where, before and after, and what it
 * does to the monthly bill; filtered by who, what, project and days, a page at a time, with a
 * CSV export of everything the filters match.
 */
import { useEffect, useMemo, useRef } from 'react';
import { formatInteger } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useAuditLog } from '../api/audit-log';
import { auditQueryOf, hasAuditFilters } from '../audit-params';
import { useAuditParams } from '../use-audit-params';
import { AuditExportButton } from './audit-export-button';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';

export function AuditLogPage() {
  const { params, update, clear } = useAuditParams();
  const query = useMemo(() => auditQueryOf(params), [params]);
  return (
    <div className="space-y-6">
      <Card>
        <AuditFilters params={params} onChange={update} onClear={clear} />
      </Card>
      <Card title="Entries, newest first" actions={<AuditExportButton query={query} />}>
        <AuditEntries query={query} filtered={hasAuditFilters(params)} />
      </Card>
    </div>
  );
}

function AuditEntries({ query, filtered }: { query: ReturnType<typeof auditQueryOf>; filtered: boolean }) {
  const log = useAuditLog(query);
  const endRef = useRef<HTMLParagraphElement>(null);
  const loadedMore = useRef(false);
  const entries = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  // "Load older entries" goes away with the last page: focus moves to the line that says so.
  useEffect(() => {
    if (loadedMore.current && !log.hasNextPage && !log.isFetchingNextPage) {
      loadedMore.current = false;
      endRef.current?.focus();
    }
  }, [log.hasNextPage, log.isFetchingNextPage]);

  if (log.isPending) return <Skeleton className="h-64" label="Loading the audit log…" />;
  if (log.isError && entries.length === 0) return <ErrorState error={log.error} onRetry={() => void log.refetch()} minHeight="min-h-64" />;
  if (entries.length === 0)
    return filtered ? (
      <EmptyState title="No entries match these filters">Change or clear the filters to see more.</EmptyState>
    ) : (
      <EmptyState title="No entries yet">Changes to pods, budgets, tokens and settings show here as they happen.</EmptyState>
    );
  return (
    <div className="space-y-3">
      <AuditTable entries={entries} />
      <div className="flex flex-wrap items-center gap-3">
        <p aria-live="polite" className="text-sm text-slate-700 dark:text-slate-300">
          Showing {formatInteger(entries.length)} {entries.length === 1 ? 'entry' : 'entries'}
          {log.hasNextPage ? '; older ones follow.' : '.'}
        </p>
        {log.hasNextPage ? (
          <button
            type="button"
            className="btn-secondary"
            // aria-disabled, not disabled: a disabled button drops the keyboard focus it holds.
            aria-disabled={log.isFetchingNextPage}
            onClick={() => {
              if (log.isFetchingNextPage) return;
              loadedMore.current = true;
              void log.fetchNextPage();
            }}
          >
            {log.isFetchingNextPage ? 'Loading older entries…' : 'Load older entries'}
          </button>
        ) : (
          <p ref={endRef} tabIndex={-1} className="text-sm text-slate-700 dark:text-slate-300">
            That is every entry matching these filters.
          </p>
        )}
      </div>
      {log.isFetchNextPageError && <ErrorState error={log.error} onRetry={() => void log.fetchNextPage()} />}
    </div>
  );
}
