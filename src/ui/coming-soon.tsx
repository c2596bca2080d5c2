/** A page that is planned but not built yet says so plainly. */
import { PageHeader } from './card';

export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <>
      <PageHeader title={title} />
      <p className="rounded-xl border border-dashed border-slate-300 p-6 text-slate-700 dark:border-slate-600 dark:text-slate-300">
        Coming soon: {what}
      </p>
    </>
  );
}
