/** Where the prices come from and when they were read ("list prices as of …"), and the conventions this page prices with. */
import type { PriceBook } from '../estimate';
import { formatAsOf, ownProviderName } from '../format';

export function PriceSources({ book }: { book: PriceBook }) {
  const here = ownProviderName(book.schedules);
  return (
    <section aria-labelledby="egress-sources-heading" className="space-y-2 text-sm wrap-anywhere">
      <h3 id="egress-sources-heading" className="text-base font-semibold">
        Prices, sources and conventions
      </h3>
      <p>
        Public cloud list prices as of {formatAsOf(book.asOf)}; {here}’s own prices come from its catalog. Each schedule is billed per calendar month and
        cumulatively: the free allowance first, then each tier’s range at its price, in order; a tier’s range counts from zero with the free units included. Each tier’s
        cost is rounded to the cent once, and the total is their sum.
      </p>
      <p>
        Units: GB and TB are decimal (1 GB = 10<sup>9</sup> bytes); GiB and TiB binary (1 GiB = 2<sup>30</sup> bytes). Google Cloud bills per GiB; AWS, Azure, Oracle and{' '}
        {here} per GB. AWS, Azure and Oracle write tier limits in TB without defining it: this page reads 1 TB as 1,000 GB.
      </p>
      <ul className="list-disc space-y-1 pl-5">
        {book.schedules.map((s) => (
          <li key={s.id}>
            <span className="font-medium">{s.provider}</span>, {s.path}: {s.source} (as of {formatAsOf(s.asOf)})
            {s.appliesTo ? `; applies to ${s.appliesTo}` : ''}
            {s.note ? `. ${s.note}` : ''}
          </li>
        ))}
      </ul>
      <ul className="list-disc space-y-1 pl-5 text-slate-700 dark:text-slate-300">
        {book.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        <li>Regions: {book.placeSources.map((p) => `${p.provider} (${p.source})`).join('; ')}.</li>
      </ul>
    </section>
  );
}
