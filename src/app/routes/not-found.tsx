/** 404: an address with no page. */
import { Link } from 'react-router';
import { useDocumentTitle } from '../../ui/card';

export function Component() {
  useDocumentTitle('Page not found');
  return (
    <div className="mx-auto max-w-xl py-10 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">There is no page at this address.</p>
      <Link to="/" className="btn-primary mt-6">
        Back to Overview
      </Link>
    </div>
  );
}
