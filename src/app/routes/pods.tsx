/** Pods (planned). */
import { ComingSoon } from '../../ui/coming-soon';

export function Component() {
  return <ComingSoon title="Pods" what="the pod list with status, cost and utilization, and launching dev pods." />;
}
