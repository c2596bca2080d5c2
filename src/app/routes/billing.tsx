/** Billing: spend by project, GPU type, region, user and cost kind; the forecast; budgets that act; invoices. */
import { BillingPage } from '../../features/billing/components/billing-page';

export function Component() {
  return <BillingPage />;
}
