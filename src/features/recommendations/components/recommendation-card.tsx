/** One recommendation: what to change, what it saves, the evidence and its chart, what applying does, and the actions. */
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { formatCentsWhole } from '../../../lib/format';
import { WhenNearScreen } from '../../../ui/defer';
import type { Recommendation } from '../api/get-recommendations';
import { RecommendationActions } from './recommendation-actions';
import { RecommendationChart, RecommendationChartTable, SERIES_TITLES } from './recommendation-chart';
import { KIND_LABELS, recommendationAnchor, recommendationTitle, type Names } from './titles';
import { confidenceText, countedAfterText, decisionText, evidenceText, outcomeText } from './wording';

const CONFIDENCE_STYLE = {
  high: 'bg-teal-50 text-teal-900 dark:bg-teal-950 dark:text-teal-100',
  medium: 'bg-amber-50 text-amber-950 dark:bg-amber-950 dark:text-amber-100',
  low: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100',
} as const;

const USER_MOVES = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

export function RecommendationCard({ r, names, onDone, showPodLink = true }: { r: Recommendation; names: Names; onDone: (message: string) => void; showPodLink?: boolean }) {
  const id = useId();
  const title = recommendationTitle(r, names);
  const counted = countedAfterText(r);
  const decision = decisionText(r, names);
  // A link to this recommendation (the Overview's top savings) lands on its card: scrolled to and focused.
  const anchor = recommendationAnchor(r.id);
  const { hash } = useLocation();
  const card = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = card.current;
    if (!el || decodeURIComponent(hash.slice(1)) !== anchor) return;
    const land = () => el.scrollIntoView({ block: 'start' });
    land();
    el.focus({ preventScroll: true });
    // Sections above it (charts, the waste ledger) may still be loading: keep the card in view
    // while they settle, until the user scrolls, types or clicks, or 5 s have passed.
    const observer = new ResizeObserver(land);
    observer.observe(document.body);
    const stop = () => {
      observer.disconnect();
      clearTimeout(timer);
      for (const type of USER_MOVES) removeEventListener(type, stop, true);
    };
    const timer = setTimeout(stop, 5000);
    for (const type of USER_MOVES) addEventListener(type, stop, true);
    return stop;
  }, [hash, anchor]);
  return (
    <article
      ref={card}
      id={anchor}
      tabIndex={-1}
      aria-labelledby={`${id}-title`}
      className="scroll-mt-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm focus:outline-2 focus:outline-offset-2 focus:outline-sky-600 dark:border-slate-700 dark:focus:outline-sky-400 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-300">{KIND_LABELS[r.kind]}</p>
          <h3 id={`${id}-title`} className="mt-0.5 text-base font-semibold text-slate-900 dark:text-slate-50">
            {title}
          </h3>
          <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-300">
            {names.project(r.projectId)} · {r.ownerIds.map(names.user).join(', ')}
            {showPodLink && r.podIds.length === 1 && (
              <>
                {' · '}
                <Link className="link" to={`/pods/${r.podIds[0]}`}>
                  Open {r.podNames[0]}
                </Link>
              </>
            )}
          </p>
        </div>
        <div className="text-right">
          <p className="text-2xl font-semibold tabular-nums text-slate-900 dark:text-slate-50">{formatCentsWhole(r.monthlySavingsCents)}</p>
          <p className="text-xs text-slate-600 dark:text-slate-300">saved a month</p>
        </div>
      </div>
      <p className="mt-3 text-sm text-slate-800 dark:text-slate-200">{evidenceText(r, names)}</p>
      <p className="mt-2 flex flex-wrap gap-2 text-xs">
        <span className={`rounded-full px-2 py-0.5 font-medium ${CONFIDENCE_STYLE[r.confidence.level]}`}>{confidenceText(r)}</span>
      </p>
      {counted && <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">{counted}</p>}
      <figure className="mt-3">
        <figcaption className="text-xs font-medium text-slate-600 dark:text-slate-300">{SERIES_TITLES[r.series.metric]}</figcaption>
        <ChartWhenVisible r={r} names={names} />
        <ChartNumbers r={r} names={names} />
      </figure>
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
        <span className="font-medium text-slate-900 dark:text-slate-100">When applied: </span>
        {outcomeText(r, names)}
      </p>
      {decision && <p className="mt-2 text-sm font-medium text-slate-700 dark:text-slate-300">{decision}</p>}
      <div className="mt-3">
        <RecommendationActions r={r} title={title} onDone={onDone} />
      </div>
    </article>
  );
}

/** The chart's numbers, rendered once asked for (a long list of cards stays light). */
function ChartNumbers({ r, names }: { r: Recommendation; names: Names }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="text-sm" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="link cursor-pointer text-xs">The chart’s numbers</summary>
      {open && <RecommendationChartTable series={r.series} names={names} />}
    </details>
  );
}

/** Draws the chart once the card nears the screen: a long list does not draw forty charts at once. */
function ChartWhenVisible({ r, names }: { r: Recommendation; names: Names }) {
  return (
    <WhenNearScreen className="h-40">
      <RecommendationChart series={r.series} names={names} />
    </WhenNearScreen>
  );
}
