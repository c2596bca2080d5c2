/** Starts the guided story from its first step, as the admin (who may apply any recommendation). */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../../api/problem';
import { sessionQueryOptions, usersQueryOptions } from '../../../api/queries';
import { runDemoAction } from '../api/demo-actions';
import { simulationQueryOptions } from '../api/get-simulation';
import { setTourState } from '../tour-store';

export function StartTourButton({ onStarted }: { onStarted: () => void }) {
  const client = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const start = async () => {
    setPending(true);
    setError(null);
    try {
      const session = await client.fetchQuery(sessionQueryOptions());
      if (session.user.role !== 'admin') {
        const admin = (await client.fetchQuery(usersQueryOptions())).items.find((u) => u.role === 'admin');
        if (admin) {
          await runDemoAction({ type: 'act-as', userId: admin.id });
          await client.resetQueries();
        }
      }
      const simulation = await client.fetchQuery(simulationQueryOptions());
      setTourState(simulation.scenario === 'inference-platform' ? { step: 0, story: 'inference' } : { step: 0 });
      onStarted();
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <button type="button" className="btn-primary" disabled={pending} onClick={() => void start()}>
        Start the guided tour
      </button>
      {error !== null && <p role="alert" className="field-error">{errorMessage(error)}</p>}
    </>
  );
}
