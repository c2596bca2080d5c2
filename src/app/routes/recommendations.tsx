/** Recommendations (planned). */
import { ComingSoon } from '../../ui/coming-soon';

export function Component() {
  return <ComingSoon title="Recommendations" what="cheaper GPU tiers and other savings, with their evidence." />;
}
