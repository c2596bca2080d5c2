/** Utilization: GPU activity and the waste ledger in dollars, for a range and a scope. */
import { UtilizationPage } from '../../features/utilization/components/utilization-page';

export function Component() {
  return <UtilizationPage />;
}
