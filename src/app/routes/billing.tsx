/** Billing (planned). */
import { ComingSoon } from '../../ui/coming-soon';

export function Component() {
  return <ComingSoon title="Billing" what="spend by project, GPU type and region, forecasts and budgets." />;
}
