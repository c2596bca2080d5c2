/** Downloads the whole breakdown (every row, not only those on screen) as CSV. */
import { useState } from 'react';
import { ALL_ROWS, getUtilizationBreakdown } from '../api/get-utilization-breakdown';
import { breakdownCsv, breakdownCsvFileName } from '../breakdown-csv';
import type { BreakdownBy, BreakdownSort, WindowQuery } from '../params';
import { errorMessage } from '../../../api/problem';
import { downloadText } from '../../../lib/download';

export function ExportCsvButton({ query, by, sort, order }: { query: WindowQuery; by: BreakdownBy; sort: BreakdownSort; order: 'asc' | 'desc' }) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const download = async () => {
    setState({ busy: true, error: null });
    try {
      const breakdown = await getUtilizationBreakdown(query, by, sort, order, ALL_ROWS);
      downloadText(breakdownCsvFileName(breakdown), breakdownCsv(breakdown));
      setState({ busy: false, error: null });
    } catch (e) {
      setState({ busy: false, error: errorMessage(e) });
    }
  };
  return (
    <div className="flex items-center gap-2">
      {state.error && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-300">
          {state.error}
        </span>
      )}
      <button type="button" className="btn-secondary" onClick={() => void download()} disabled={state.busy}>
        {state.busy ? 'Preparing CSV…' : 'Export CSV'}
      </button>
    </div>
  );
}
