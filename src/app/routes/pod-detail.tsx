/** Pod (planned). */
import { ComingSoon } from '../../ui/coming-soon';

export function Component() {
  return <ComingSoon title="Pod" what="a pod's lifecycle, live GPU metrics, connect panel and cost." />;
}
