/** The contract's billing shapes, as the Billing page uses them. */
import type { components } from '../../../api/schema';

type S = components['schemas'];
export type BillingSummary = S['BillingSummary'];
export type SpendSeries = S['SpendSeries'];
export type SpendBreakdown = S['SpendBreakdown'];
export type SpendBreakdownItems = S['SpendBreakdownItems'];
export type SpendDimension = S['SpendDimension'];
export type BillingRange = S['BillingRange'];
export type CurrencyRates = S['CurrencyRates'];
export type CurrencyRate = S['CurrencyRates']['rates'][number];
export type Budget = S['Budget'];
export type BudgetCreate = S['BudgetCreate'];
export type BudgetUpdate = S['BudgetUpdate'];
export type BudgetPolicy = S['BudgetPolicy'];
export type BudgetAlert = S['BudgetAlert'];
export type InvoiceSummary = S['InvoiceSummary'];
export type Invoice = S['Invoice'];

/** Where the figures come from: the range asked for, or a custom from/to. */
export interface SpendQuery {
  projectId?: string;
  range?: BillingRange;
  from?: string;
  to?: string;
  /** The moment the page's figures are for (the summary's asOf), so every view agrees to the cent. */
  asOf?: string;
}
