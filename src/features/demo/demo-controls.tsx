/**
 * What the app shell carries of the demo: the header's "Demo" button. Its code is kept to the
 * least (the first visit to the Overview must stay small): the presenter panel and the guided
 * tour load when the button is first pressed, or when a tour was left running before a reload.
 */
import { lazy, Suspense, useRef, useState } from 'react';

// One chunk for both (components/demo-ui.tsx). Marked pure so that a real-API build, which never
// renders the Demo button, drops them and their chunk.
const PresenterPanel = /* @__PURE__ */ lazy(() => import('./components/demo-ui').then((m) => ({ default: m.PresenterPanel })));
const TourHost = /* @__PURE__ */ lazy(() => import('./components/demo-ui').then((m) => ({ default: m.TourHost })));

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
        <Suspense fallback={<p role="status" className="sr-only">Loading presenter controls…</p>}>
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
