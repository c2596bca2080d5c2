/** Utilization (planned). */
import { ComingSoon } from '../../ui/coming-soon';

export function Component() {
  return <ComingSoon title="Utilization" what="GPU utilization and the waste ledger in dollars." />;
}
