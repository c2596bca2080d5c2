/**
 * The guided story as a non-modal dialog in the corner: it opens each step's page, moves focus
 * to the step's title, and goes Back, Next, or away (Skip tour, Escape). The page beside it
 * stays usable, so nothing is hidden from assistive technology.
 */
import { useEffect, useEffectEvent, useId, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { DEMO_BUTTON_ID } from '../demo-controls';
import { setTourState, useTourState, type TourState } from '../tour-store';
import { tourSteps } from './tour-steps';

function endTour() {
  setTourState(null);
  document.getElementById(DEMO_BUTTON_ID)?.focus();
}

/** Shows the tour while one is on (it ends with Finish, Skip tour, Escape, or a reset of the demo). */
export default function TourHost() {
  const tour = useTourState();
  return tour ? <GuidedTour tour={tour} /> : null;
}

function GuidedTour({ tour }: { tour: TourState }) {
  const steps = tourSteps(tour);
  const index = Math.min(tour.step, steps.length - 1);
  const step = steps[index]!;
  const [stepPathname = '', stepSearch = ''] = step.path.split('?');
  const last = index === steps.length - 1;
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const here = new URLSearchParams(search);
  const wanted = new URLSearchParams(stepSearch);
  // The step's page: its path and its tab (Utilization's GPU or Inference view); other choices (the range) are the presenter's.
  const onStepPage = pathname === stepPathname && here.get('view') === wanted.get('view');
  // Exactly as the step opens it (its range too).
  const asOpened = onStepPage && [...wanted].every(([k, v]) => here.get(k) === v);
  const heading = useRef<HTMLHeadingElement>(null);
  const labelId = useId();
  const titleId = useId();
  const bodyId = useId();

  // Each step is told on its page: go there when the step starts (not when the presenter wanders off later).
  const openStep = useEffectEvent(() => {
    if (!asOpened) void navigate(step.path);
    heading.current?.focus();
  });
  useEffect(() => openStep(), [index]);

  const go = (to: number) => setTourState({ ...tour, step: to });
  return (
    <section
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${labelId} ${titleId}`}
      aria-describedby={bodyId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          endTour();
        }
      }}
      className="fixed inset-x-2 bottom-2 z-50 max-h-[70vh] overflow-y-auto rounded-xl border border-accent-700 bg-white p-4 text-sm shadow-2xl sm:inset-x-auto sm:bottom-4 sm:right-4 sm:w-[26rem] dark:border-accent-300 dark:bg-slate-900"
    >
      <p id={labelId} className="font-medium text-accent-700 dark:text-accent-300">
        Guided tour · step {index + 1} of {steps.length}
      </p>
      <h2 id={titleId} ref={heading} tabIndex={-1} className="mt-1 text-lg font-semibold">
        {step.title}
      </h2>
      <div id={bodyId} className="mt-2 space-y-2 text-slate-800 dark:text-slate-100">
        <step.Body tour={tour} />
      </div>
      {!onStepPage && (
        <p className="mt-2">
          <button type="button" className="link" onClick={() => void navigate(step.path)}>
            Back to this step’s page
          </button>
        </p>
      )}
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <button type="button" className="btn-secondary" disabled={index === 0} onClick={() => go(index - 1)}>
          Back
        </button>
        {last ? (
          <button type="button" className="btn-primary" onClick={endTour}>
            Finish
          </button>
        ) : (
          <button type="button" className="btn-primary" onClick={() => go(index + 1)}>
            Next
          </button>
        )}
        <button type="button" className="btn-secondary ml-auto" onClick={endTour}>
          Skip tour
        </button>
      </div>
    </section>
  );
}
