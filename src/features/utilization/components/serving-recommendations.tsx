/**
 * Serving recommendations as the Inference tab and a serving pod's section show them: each with
 * its title, saving a month, confidence, its evidence in words and a small table of now against
 * after. The figures are the API's; the words come from serving-recommendation-format.ts.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/problem';
import { launchFormHref } from '../../../lib/launch-href';
import { ResultMessage, useResultMessage } from '../../../ui/result-message';
import { ScrollTable } from '../../../ui/scroll-table';
import { ReplicaChangesError, useApplyReplicaChanges, type ReplicaChange } from '../api/apply-replica-changes';
import { confidenceWords, evidenceRows, evidenceWords, recommendationTitle, savingWords, type ServingRecommendation } from '../serving-recommendation-format';
import { TD, TH } from './disclosure-table';

/** How many the tab shows before "Show all". */
const FIRST = 3;

export function ServingRecommendationList({
  recommendations,
  total,
  projectName,
  headingLevel = 3,
  onApplied,
}: {
  recommendations: ServingRecommendation[];
  /** All of them, where the answer lists only the largest. */
  total?: number;
  projectName?: (id: string) => string;
  headingLevel?: 3 | 4;
  /** Says what an applied recommendation did, outside the list (which may lose it once applied). */
  onApplied: (message: string) => void;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? recommendations : recommendations.slice(0, FIRST);
  return (
    <div>
      <ul className="space-y-4">
        {shown.map((r) => (
          <li key={r.id}>
            <ServingRecommendationItem recommendation={r} projectName={projectName} headingLevel={headingLevel} onApplied={onApplied} />
          </li>
        ))}
      </ul>
      {recommendations.length > FIRST && (
        <button type="button" className="btn-secondary mt-3" aria-expanded={all} onClick={() => setAll((a) => !a)}>
          {all ? `Show the first ${FIRST}` : `Show all ${recommendations.length}`}
        </button>
      )}
      {total !== undefined && total > recommendations.length && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          The {recommendations.length} largest of {total} are listed; narrow the range or the project to see the others.
        </p>
      )}
    </div>
  );
}

function ServingRecommendationItem({
  recommendation: r,
  projectName,
  headingLevel,
  onApplied,
}: {
  recommendation: ServingRecommendation;
  projectName: ((id: string) => string) | undefined;
  headingLevel: 3 | 4;
  onApplied: (message: string) => void;
}) {
  const headingId = useId();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const title = recommendationTitle(r);
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
      <Heading id={headingId} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
        {title}
      </Heading>
      <p className="mt-1 text-sm">
        <strong className="tabular-nums text-emerald-800 dark:text-emerald-300">{savingWords(r)}</strong>
        <span className="text-slate-600 dark:text-slate-300"> · {confidenceWords(r)}</span>
      </p>
      {evidenceWords(r, projectName).map((sentence) => (
        <p key={sentence} className="mt-2 text-sm text-slate-700 dark:text-slate-200">
          {sentence}
        </p>
      ))}
      <ScrollTable label={`Evidence: ${title}`}>
        <table className="mt-2 w-full min-w-[36rem] text-sm">
          <caption className="sr-only">Evidence for “{title}”: each figure now and after the change</caption>
          <thead>
            <tr>
              <th scope="col" className={TH}>Figure</th>
              <th scope="col" className={TH}>Now</th>
              <th scope="col" className={TH}>After</th>
            </tr>
          </thead>
          <tbody>
            {evidenceRows(r).map((row) => (
              <tr key={row.label} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className={`${TH} font-medium`}>{row.label}</th>
                <td className={TD}>{row.now}</td>
                <td className={TD}>{row.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {r.launch && r.evidence.kind === 'cheaper-gpu' && (
        <p className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm text-slate-700 dark:text-slate-200">
          <Link className="btn-primary" to={launchFormHref(r.launch)}>
            Launch {r.launch.name} on {r.evidence.toGpuTypeName}
          </Link>
          <span>The launch form opens filled in; once the new pod runs, {r.podNames[0]} stops.</span>
        </p>
      )}
      {r.evidence.kind === 'fewer-replicas' && <ReplicaChangesAction changes={r.evidence.pods} title={title} onApplied={onApplied} />}
    </article>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What one change does, in words: "Stop embed-3: its 2 GPUs are released; its disk is kept." */
function changeWords(c: ReplicaChange): string {
  return c.gpuCountAfter === 0
    ? `Stop ${c.podName}: its ${plural(c.gpuCountNow, 'GPU')} ${c.gpuCountNow === 1 ? 'is' : 'are'} released; its disk is kept.`
    : `Restart ${c.podName} with ${plural(c.gpuCountAfter, 'GPU')} instead of ${c.gpuCountNow} (about 20 seconds); its disk is kept.`;
}

/**
 * Following a fewer-replicas recommendation: "Apply…" asks first, listing each pod's change; the
 * changes then run one after the other. Focus goes to the confirmation's button, back to "Apply…"
 * on Cancel, and to the result (said outside the list) once done.
 */
function ReplicaChangesAction({ changes, title, onApplied }: { changes: ReadonlyArray<ReplicaChange>; title: string; onApplied: (message: string) => void }) {
  const apply = useApplyReplicaChanges();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const todo = changes.filter((c) => c.gpuCountAfter < c.gpuCountNow);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) openRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  if (todo.length === 0) return null;
  const label = todo.length === 1 ? 'Apply the change' : `Apply the ${todo.length} changes`;
  // The promise, not mutate's callbacks: once applied, the refreshed answer may no longer hold this recommendation.
  const run = () =>
    apply.mutateAsync(todo).then(
      (done) => onApplied(`Applied: ${title}. ${done.map((c) => (c.gpuCountAfter === 0 ? `${c.podName} stopped` : `${c.podName} restarts with ${plural(c.gpuCountAfter, 'GPU')}`)).join('; ')}.`),
      () => undefined,
    );
  const error = apply.error;
  return (
    <div className="mt-3 text-sm">
      {confirming ? (
        <div role="group" aria-label={`Confirm: ${title}`} className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <ul className="list-disc space-y-1 pl-5">
            {todo.map((c) => (
              <li key={c.podId}>{changeWords(c)}</li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <button ref={confirmRef} type="button" className="btn-primary" disabled={apply.isPending} onClick={run}>
              {apply.isPending ? 'Applying…' : label}
            </button>
            <button type="button" className="btn-secondary" disabled={apply.isPending} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button ref={openRef} type="button" className="btn-primary" onClick={() => setConfirming(true)}>
          {label}…
        </button>
      )}
      {error && (
        <p role="alert" className="field-error mt-2">
          {error instanceof ReplicaChangesError
            ? `${error.failed.podName} was not changed: ${error.reason}${error.done.length > 0 ? ` Already done: ${error.done.map((c) => c.podName).join(', ')}.` : ''}`
            : errorMessage(error)}
        </p>
      )}
    </div>
  );
}

/** The Inference tab's card: the recommendations about the pods in view, largest saving first. */
export function ServingRecommendationsCard({ recommendations, total, projectName }: { recommendations: ServingRecommendation[]; total: number; projectName: (id: string) => string }) {
  const result = useResultMessage();
  return (
    <section aria-labelledby="serving-recommendations-heading" className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <h2 id="serving-recommendations-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
        Serving recommendations
      </h2>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        A cheaper GPU type that keeps the p95 time to first token, fewer replicas where the busiest five minutes leave headroom, and prefix-cache reuse, from this range&apos;s measurements. Each is judged against today&apos;s setup: two about one pod are alternatives, not to be added.
      </p>
      {recommendations.length === 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-200">None in this range: every serving pod is on the cheapest GPU that keeps its latency, its replicas are busy, and its prefix cache does as well as its peers&apos;.</p>
      ) : (
        <ServingRecommendationList recommendations={recommendations} total={total} projectName={projectName} onApplied={result.announce} />
      )}
      <ResultMessage message={result.message} messageRef={result.messageRef} className="mt-3" />
    </section>
  );
}
