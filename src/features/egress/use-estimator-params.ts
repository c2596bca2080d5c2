/**
 * The estimator's inputs, kept in the URL. The router applies URL changes in a transition, a
 * beat after the keystroke, which would make a text field bound to the URL drop or reorder
 * what is typed; so the form reads its own copy, writes every change to the URL (replacing the
 * history entry), and adopts the URL again only when something else changed it (a link, back).
 */
import { useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { readEstimatorParams, writeEstimatorParams, type EstimatorParams } from './estimator-params';

const OWN_WRITE = 'egressEstimator';

function isOwnWrite(state: unknown): boolean {
  return typeof state === 'object' && state !== null && (state as Record<string, unknown>)[OWN_WRITE] === true;
}

export function useEstimatorParams(): [EstimatorParams, (next: EstimatorParams) => void] {
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const [local, setLocal] = useState(() => ({ key: location.key, params: readEstimatorParams(search) }));
  let params = local.params;
  if (location.key !== local.key) {
    params = isOwnWrite(location.state) ? local.params : readEstimatorParams(search);
    setLocal({ key: location.key, params });
  }
  const update = (next: EstimatorParams) => {
    setLocal((l) => ({ ...l, params: next }));
    setSearch((prev) => writeEstimatorParams(prev, next), { replace: true, preventScrollReset: true, state: { [OWN_WRITE]: true } });
  };
  return [params, update];
}
