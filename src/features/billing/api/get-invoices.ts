/** GET /v1/invoices and GET /v1/invoices/{month}: the monthly invoices and one with its line items. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

export async function getInvoices(signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/invoices', { signal }));
}

export async function getInvoice(month: string, signal?: AbortSignal) {
  return unwrap(await api.GET('/v1/invoices/{month}', { params: { path: { month } }, signal }));
}

export const invoicesQueryOptions = () => queryOptions({ queryKey: ['invoices', 'list'], queryFn: ({ signal }) => getInvoices(signal) });
export const invoiceQueryOptions = (month: string) => queryOptions({ queryKey: ['invoices', 'detail', month], queryFn: ({ signal }) => getInvoice(month, signal) });

export function useInvoices(enabled: boolean) {
  return useQuery({ ...invoicesQueryOptions(), enabled });
}

export function useInvoice(month: string | null) {
  return useQuery({ ...invoiceQueryOptions(month ?? ''), enabled: month !== null });
}
