/** The auto-stop card says what it watches: a queued pod has no GPU to be busy or idle yet. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PodDetail } from '../../api/types';
import { AutoStopPanel } from './auto-stop-panel';

const watching = { idleMinutes: 60, idleSince: null, stopsAt: null, snoozedUntil: null, savesCentsPerDay: 18_840 };

function show(status: PodDetail['status']) {
  const pod = { id: 'pod-1', status, autoStopIdleMinutes: 60, autoStop: watching } as unknown as PodDetail;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <AutoStopPanel pod={pod} canAct />
    </QueryClientProvider>,
  );
}

describe('the auto-stop card', () => {
  it('says a queued pod will be watched once it runs, not that its GPUs are busy', () => {
    show('queued');
    expect(screen.getByText(/Once the pod runs, it stops itself when every GPU has been idle for 1 hour \(saves \$188\.40 a day\)\./)).toBeInTheDocument();
    expect(screen.queryByText(/busy/)).not.toBeInTheDocument();
  });

  it('says the GPUs are busy while a running pod works', () => {
    show('running');
    expect(screen.getByText(/The GPUs are busy\. The pod stops itself once every GPU has been idle for 1 hour/)).toBeInTheDocument();
  });
});
