/**
 * A pods read with nothing to show yet: the skeleton while the first try is out; from the first
 * failure, the error and Try again, while the query keeps retrying a flaky network behind it
 * (retryRead's five retries take about 16 s; nobody should watch "Loading…" that long when the
 * API is down). Try again starts over at once; the first answer that arrives replaces all of it.
 */
import { ErrorState, Skeleton } from '../../../ui/states';

interface Read {
  isError: boolean;
  error: unknown;
  failureCount: number;
  failureReason: unknown;
  refetch: () => Promise<unknown>;
}

export function PendingRead({ query, label, className, minHeight }: { query: Read; label: string; className: string; minHeight: string }) {
  const failure = query.isError ? query.error : query.failureCount > 0 ? query.failureReason : null;
  if (failure === null) return <Skeleton className={className} label={label} />;
  return <ErrorState error={failure} onRetry={() => void query.refetch()} minHeight={minHeight} />;
}
