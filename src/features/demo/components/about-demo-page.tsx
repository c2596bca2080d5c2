/**
 * What the demo is and how to take it further: what is simulated, the presenter's controls, how
 * to point the console at a real API (the README's section, here so it works offline), and how to
 * put the demo on a static host.
 */
import { useId, type ReactNode } from 'react';
import { brand } from '../../../brand/brand.config';
import { useDocumentTitle } from '../../../ui/card';

/**
 * Its own card rather than ui/card's: a module only this lazy page shared with the first load's
 * chunks would be split off into a chunk of its own, and the first visit would pay for the split.
 */
function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-700 dark:bg-slate-900">
      <h2 id={id} className="mb-3 text-base font-semibold text-slate-900 dark:text-slate-100">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Code({ children }: { children: ReactNode }) {
  // Commands stay whole (never broken mid-word): a long line scrolls sideways in its own box.
  return <pre tabIndex={0} className="mt-2 overflow-x-auto whitespace-pre rounded-lg bg-slate-100 p-3 text-sm dark:bg-slate-800"><code>{children}</code></pre>;
}

export function AboutDemoPage() {
  useDocumentTitle('About this demo');
  return (
    <>
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-50">About this demo</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-300">
          {brand.consoleName} for {brand.providerName}, running on a simulated GPU cloud inside this browser.
        </p>
      </header>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title="What is simulated">
          <div className="space-y-2 text-sm">
            <p>
              Every figure comes from a simulated GPU cloud that runs in this browser: a service worker answers the console’s API, from a seeded world
              with 90 days of history. The same scenario shows the same numbers on every machine.
            </p>
            <p>
              The demo’s state (pods, changes, the clock) is kept in this browser’s storage, so a reload keeps it. Nothing leaves the browser: the
              console makes no request to another site, and it works offline.
            </p>
          </div>
        </Section>
        <Section title="Presenting">
          <ul className="list-disc space-y-1 pl-5 text-sm">
            <li>The Demo button in the header opens the presenter controls.</li>
            <li>Scenario: a growing ML team, an AI startup burning cash, an efficient research lab, an inference platform.</li>
            <li>Clock: move it forward an hour, a day or a week; idle pods stop, budgets alert, spend and forecasts move.</li>
            <li>View as: the same world as an engineer, finance or an admin sees it, without signing in.</li>
            <li>The guided tour: six steps from waste on Utilization to a saving on Billing.</li>
            <li>Reset demo: back to the scenario’s start.</li>
            <li>
              A link can open a scenario: add <code>?scenario=startup</code> (or <code>research-lab</code>, <code>inference-platform</code>,{' '}
              <code>default</code>) to the address.
            </li>
          </ul>
        </Section>
        <Section title="Pointing the console at a real API">
          <div className="space-y-2 text-sm">
            <p>
              The API is one build setting. Without it, the console starts the simulator in the browser; with it, the build contains no mock code at all
              (no service worker, no simulator):
            </p>
            <Code>VITE_API_BASE_URL=https://api.your-cloud.example npm run build</Code>
            <p>
              The server must implement the contract in <code>src/api/openapi.yaml</code> in the console’s repository (errors are RFC 9457{' '}
              <code>application/problem+json</code>) and allow the console’s origin. The production build sets a strict Content-Security-Policy whose{' '}
              <code>connect-src</code> names that origin. The repository’s README has the details.
            </p>
          </div>
        </Section>
        <Section title="Putting the demo on a static host">
          <div className="space-y-2 text-sm">
            <p>The demo build is a folder of static files; any host that answers unknown paths with index.html serves it, at the root or under a sub-path:</p>
            <Code>{'npm run build                          # → dist/\nVITE_BASE_PATH=/demo/ npm run build    # for https://host.example/demo/'}</Code>
            <p>
              To dress it for a prospect, edit <code>src/brand/brand.config.ts</code>: the provider’s name, logo, accent colour, regions, GPU catalog and
              prices.
            </p>
          </div>
        </Section>
      </div>
    </>
  );
}
