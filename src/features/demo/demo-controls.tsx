/**
 * What the app shell carries of the demo: the header's "Demo" button. Its code is kept to the
 * least (the first visit to the Overview must stay small): the presenter panel loads when the
 * button is first pressed, the guided tour when it starts or was left running before a reload.
 */
import { lazy, Suspense, useRef, useState } from 'react';

// Marked pure so that a real-API build, which never renders the Demo button, drops them and their chunks.
const PresenterPanel = /* @__PURE__ */ lazy(() => import('./components/presenter-panel'));
const TourHost = /* @__PURE__ */ lazy(() => import('./components/guided-tour'));

/** Shared with tour-store.ts (which the first load does not carry): a tour left running. */
const TOUR_KEY = 'northlight.demo.tour';
export const DEMO_BUTTON_ID = 'demo-menu-button';
const PANEL_ID = 'demo-panel';

function tourWasRunning(): boolean {
  try {
    return localStorage.getItem(TOUR_KEY) !== null;
  } catch {
    return false;
  }
}

export function DemoMenu() {
  const [open, setOpen] = useState(false);
  const [tourLoaded, setTourLoaded] = useState(tourWasRunning);
  const button = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div
      className="relative"
      onKeyDown={(e) => {
        if (open && e.key === 'Escape') close();
      }}
    >
      <button
        ref={button}
        id={DEMO_BUTTON_ID}
        type="button"
        className="btn-secondary"
        aria-expanded={open}
        aria-controls={open ? PANEL_ID : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        Demo
      </button>
      {open && (
        <Suspense fallback={<p role="status" className="fixed inset-x-2 top-2 z-40 rounded-xl md:absolute md:inset-x-auto md:right-0 md:top-full md:mt-2 md:w-64 border border-slate-200 bg-white p-4 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">Loading presenter controls…</p>}>
          <PresenterPanel
            id={PANEL_ID}
            onClose={close}
            onTourStarted={() => {
              setOpen(false);
              setTourLoaded(true);
            }}
          />
        </Suspense>
      )}
      {tourLoaded && (
        <Suspense fallback={null}>
          <TourHost />
        </Suspense>
      )}
    </div>
  );
}
