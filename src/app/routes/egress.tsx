/** Egress (planned). */
import { ComingSoon } from '../../ui/coming-soon';

export function Component() {
  return <ComingSoon title="Egress" what="what moving data costs, before and while it happens." />;
}
