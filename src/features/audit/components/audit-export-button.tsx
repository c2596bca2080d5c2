/** Downloads every entry matching the filters (not only those loaded) as CSV, and says how many went out. */
import { useState } from 'react';
import { errorMessage } from '../../../api/problem';
import { useSession } from '../../../api/queries';
import { downloadText } from '../../../lib/download';
import { formatInteger } from '../../../lib/format';
import { useResultMessage, ResultMessage } from '../../../ui/result-message';
import { EXPORT_MAX_ENTRIES, getAllAuditEntries, type AuditLogQuery } from '../api/audit-log';
import { auditCsv, auditCsvFileName } from '../audit-csv';

const entriesText = (n: number) => `${formatInteger(n)} ${n === 1 ? 'entry' : 'entries'}`;

export function AuditExportButton({ query }: { query: AuditLogQuery }) {
  const session = useSession();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const { message, say, messageRef } = useResultMessage();
  const download = async () => {
    setState({ busy: true, error: null });
    say('');
    try {
      const all = await getAllAuditEntries(query);
      const projectNames = new Map((session.data?.projects ?? []).map((p) => [p.id, p.name]));
      const fileName = auditCsvFileName(new Date());
      downloadText(fileName, auditCsv(all.items, projectNames));
      setState({ busy: false, error: null });
      say(
        all.truncated
          ? `Exported the newest ${entriesText(all.items.length)} to ${fileName}; more match these filters: narrow the dates to export older ones.`
          : `Exported ${entriesText(all.items.length)} to ${fileName}.`,
      );
    } catch (e) {
      setState({ busy: false, error: `Could not export: ${errorMessage(e)}` });
    }
  };
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        className="btn-secondary"
        // aria-disabled, not disabled: a disabled button drops the keyboard focus it holds.
        onClick={() => (state.busy ? undefined : void download())}
        aria-disabled={state.busy}
        aria-describedby="audit-export-note"
      >
        {state.busy ? 'Preparing CSV…' : 'Export CSV'}
      </button>
      <p id="audit-export-note" className="sr-only">
        Every entry matching the filters, up to {formatInteger(EXPORT_MAX_ENTRIES)}.
      </p>
      {state.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {state.error}
        </p>
      ) : (
        <ResultMessage message={message} messageRef={messageRef} className="text-right" />
      )}
    </div>
  );
}
