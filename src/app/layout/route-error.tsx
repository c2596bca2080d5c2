/** A route's error boundary: says what happened in plain words and offers a way back. */
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { errorMessage } from '../../api/problem';
import { useDocumentTitle } from '../../ui/card';

export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  useDocumentTitle(notFound ? 'Page not found' : 'Page could not be shown');
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-xl border border-red-300 bg-white p-6 dark:border-red-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">{notFound ? 'Page not found' : 'This page could not be shown'}</h1>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        {notFound ? 'There is nothing at this address.' : errorMessage(error)}
      </p>
      <div className="mt-4 flex gap-3">
        <Link to="/" className="btn-primary">
          Back to Overview
        </Link>
        <button type="button" className="btn-secondary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    </div>
  );
}
