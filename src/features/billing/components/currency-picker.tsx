/** The display currency: a choice in the URL, with the rate, its date and its source in plain view. */
import { formatDate } from '../../../lib/format';
import type { DisplayCurrencyCode } from '../billing-params';
import { useCurrencies } from '../api/get-currencies';

export function CurrencyPicker({ currency, onChange }: { currency: DisplayCurrencyCode; onChange: (c: DisplayCurrencyCode) => void }) {
  const rates = useCurrencies();
  const rate = rates.data?.rates.find((r) => r.currency === currency);
  return (
    <div className="text-sm">
      <label className="flex items-center gap-2">
        <span className="font-medium text-slate-700 dark:text-slate-200">Display currency</span>
        <select className="rounded-lg border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900" value={currency} onChange={(e) => onChange(e.target.value as DisplayCurrencyCode)}>
          {(rates.data?.rates ?? [{ currency: 'USD', name: 'US dollar' }]).map((r) => (
            <option key={r.currency} value={r.currency}>
              {r.currency} · {r.name}
            </option>
          ))}
        </select>
      </label>
      <p className="mt-1 max-w-xs text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        {currency === 'USD' || !rate
          ? 'Billed in US dollars.'
          : `1 USD = ${(rate.unitsPerUsdMicros / 1e6).toFixed(4)} ${rate.currency}, fixed rate of ${formatDate(`${rate.asOf}T00:00:00Z`)}. Source: ${rate.source}. Billed in US dollars.`}
      </p>
    </div>
  );
}
