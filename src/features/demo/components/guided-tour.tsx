/**
 * The guided story as a non-modal dialog in the corner: it opens each step's page, moves focus
 * to the step's title, and goes Back, Next, or away (Skip tour, Escape). The page beside it
 * stays usable, so nothing is hidden from assistive technology.
 */
import { useEffect, useEffectEvent, useId, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { DEMO_BUTTON_ID } from '../demo-controls';
import { setTourState, useTourState, type TourState } from '../tour-store';
import { TOUR_STEPS } from './tour-steps';

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
  const index = Math.min(tour.step, TOUR_STEPS.length - 1);
  const step = TOUR_STEPS[index]!;
  const stepPathname = step.path.split('?')[0]!;
  const last = index === TOUR_STEPS.length - 1;
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const onStepPage = pathname === stepPathname;
  const heading = useRef<HTMLHeadingElement>(null);
  const labelId = useId();
  const titleId = useId();
  const bodyId = useId();

  // Each step is told on its page: go there when the step starts (not when the presenter wanders off later).
  const openStep = useEffectEvent(() => {
    if (!onStepPage) void navigate(step.path);
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
        Guided tour · step {index + 1} of {TOUR_STEPS.length}
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
