/** What a page shows while its code loads: the shape of a page, at its height. */
export function PageFallback() {
  return (
    <div className="space-y-4" aria-busy="true">
      <div role="status" className="h-8 w-64 animate-pulse rounded bg-slate-200 dark:bg-slate-700">
        <span className="sr-only">Loading page…</span>
      </div>
      <div className="h-64 animate-pulse rounded-xl bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}
