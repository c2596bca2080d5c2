/** The Invoices tab: one invoice per month (the current one open), and one invoice's line items with a CSV export. */
import { formatDate, formatDateTime, formatInteger, formatMonth } from '../../../lib/format';
import { Card } from '../../../ui/card';
import { EmptyState, ErrorState, Skeleton } from '../../../ui/states';
import { useInvoice, useInvoices } from '../api/get-invoices';
import type { Invoice } from '../api/types';
import { downloadText } from '../../../lib/download';
import { invoiceCsv } from '../exports';
import type { Money } from '../money';

const PLURAL = { 'GPU-hour': 'GPU-hours', 'GB-month': 'GB-months', GB: 'GB' } as const;
const monthName = (month: string) => formatMonth(`${month}-01T00:00:00Z`);
const day = (d: string) => formatDate(`${d}T00:00:00Z`);

export function InvoicesTab({ money, month, onOpen }: { money: Money; month: string | null; onOpen: (month: string | null) => void }) {
  const invoices = useInvoices(true);
  const shown = month ?? invoices.data?.items.find((i) => i.status === 'issued')?.month ?? invoices.data?.items[0]?.month ?? null;
  return (
    <div className="space-y-6">
      <Card title="Invoices">
        {invoices.isPending ? (
          <Skeleton className="h-32" label="Loading invoices…" />
        ) : invoices.isError ? (
          <ErrorState error={invoices.error} onRetry={() => void invoices.refetch()} minHeight="min-h-32" />
        ) : invoices.data.items.length === 0 ? (
          <EmptyState title="No invoices yet">The first invoice comes at the end of the first month with spend.</EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[32rem] text-left text-sm">
              <caption className="sr-only">Invoices by month</caption>
              <thead>
                <tr className="border-b border-slate-200 dark:border-slate-700">
                  <th scope="col" className="py-2 pr-3 font-medium">Month</th>
                  <th scope="col" className="py-2 pr-3 font-medium">Status</th>
                  <th scope="col" className="py-2 pr-3 text-right font-medium">Total</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Open</span></th>
                </tr>
              </thead>
              <tbody>
                {invoices.data.items.map((i) => (
                  <tr key={i.month} className={`border-b border-slate-100 dark:border-slate-800 ${i.month === shown ? 'bg-teal-50 dark:bg-teal-950' : ''}`}>
                    <th scope="row" className="py-1.5 pr-3 font-normal">{monthName(i.month)}</th>
                    <td className="py-1.5 pr-3">{i.status === 'issued' ? `Issued ${formatDate(i.issuedAt!)}` : 'Open (to date)'}</td>
                    <td className="py-1.5 pr-3 text-right tabular-nums">{money.format(i.totalCents)}</td>
                    <td className="py-1.5 text-right">
                      <button type="button" className="link" aria-pressed={i.month === shown} onClick={() => onOpen(i.month)}>
                        View {monthName(i.month)}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {shown && <InvoiceDetail month={shown} money={money} />}
    </div>
  );
}

function InvoiceDetail({ month, money }: { month: string; money: Money }) {
  const invoice = useInvoice(month);
  return (
    <Card
      title={`Invoice for ${monthName(month)}`}
      actions={
        invoice.data ? (
          <button type="button" className="btn-secondary" onClick={() => downloadText(`invoice-${month}-${money.currency}.csv`, invoiceCsv(invoice.data, money))}>
            Export invoice as CSV
          </button>
        ) : undefined
      }
    >
      {invoice.isPending ? (
        <Skeleton className="h-48" label="Loading the invoice…" />
      ) : invoice.isError ? (
        <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} minHeight="min-h-48" />
      ) : (
        <InvoiceLines invoice={invoice.data} money={money} />
      )}
    </Card>
  );
}

function InvoiceLines({ invoice, money }: { invoice: Invoice; money: Money }) {
  const t = money.formatTable(invoice.lines.map((l) => l.amountCents), invoice.totalCents);
  return (
    <>
      <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
        {invoice.organizationName}, {day(invoice.periodStart)} to {day(invoice.periodEnd)}.{' '}
        {invoice.status === 'issued' ? `Issued ${formatDate(invoice.issuedAt!)}.` : `Open: figures to ${formatDateTime(invoice.asOf)}.`} Billed in US dollars
        {money.currency !== 'USD' ? `; shown in ${money.currency} at the fixed rate` : ''}.
      </p>
      {invoice.lines.length === 0 ? (
        <EmptyState title="Nothing billed this month" />
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Line items of the invoice for {monthName(invoice.month)}</caption>
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-700">
                <th scope="col" className="py-2 pr-3 font-medium">Description</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Quantity</th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">Average unit price</th>
                <th scope="col" className="py-2 text-right font-medium">Amount</th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((l, i) => (
                <tr key={`${l.kind}:${l.gpuTypeId ?? ''}`} className="border-b border-slate-100 dark:border-slate-800">
                  <th scope="row" className="py-1.5 pr-3 font-normal">{l.description}</th>
                  <td className="py-1.5 pr-3 text-right tabular-nums">
                    {formatInteger(Math.round(l.quantity * 100) / 100)} {l.quantity === 1 ? l.unit : PLURAL[l.unit]}
                  </td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{l.averageUnitPriceMicroUsd === null ? '—' : `${money.formatUnitPrice(l.averageUnitPriceMicroUsd)} per ${l.unit}`}</td>
                  <td className="py-1.5 text-right tabular-nums">{t.rows[i]}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="font-semibold">
                <th scope="row" colSpan={3} className="py-2 pr-3 text-left">Invoice total</th>
                <td className="py-2 text-right tabular-nums">{t.total}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </>
  );
}
