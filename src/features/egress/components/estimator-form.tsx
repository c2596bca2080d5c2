/** The estimator's inputs: volume and unit, how often, growth, from and to. Each field says what is wrong with it. */
import { Field } from '../../../ui/field';
import { VOLUME_UNITS } from '../../../domain/egress';
import type { EgressPlace } from '../../../domain/egress-flow';
import { convertVolumeText, type EstimatorParams, type FieldErrors } from '../estimator-params';
import { ownProviderName } from '../format';

const PROVIDER_ORDER = ['northlight', 'aws', 'gcp', 'azure', 'oci', 'on-premises'] as const;

function placeLabel(p: EgressPlace): string {
  if (p.providerId === 'on-premises') return p.name;
  return `${p.name} (${p.code}), ${p.country}`;
}

function groupsOf(places: readonly EgressPlace[]): Array<{ providerId: string; provider: string; places: EgressPlace[] }> {
  return PROVIDER_ORDER.map((providerId) => {
    const mine = places.filter((p) => p.providerId === providerId);
    return { providerId, provider: mine[0]?.provider ?? providerId, places: mine };
  }).filter((g) => g.places.length > 0);
}

/** How a destination group relates to the source, in the words of the "To" list. */
function destinationGroupLabel(providerId: string, provider: string, fromProviderId: string | undefined): string {
  if (providerId === 'on-premises') return 'On-premises';
  if (providerId === fromProviderId) return `Another ${provider} region (same provider)`;
  if (providerId === 'northlight') return `${provider}, here, next to the GPUs (another provider)`;
  return `Another provider: ${provider}`;
}

export function EstimatorForm({
  params,
  errors,
  places,
  onChange,
}: {
  params: EstimatorParams;
  errors: FieldErrors;
  places: readonly EgressPlace[];
  onChange: (next: EstimatorParams) => void;
}) {
  const set = <K extends keyof EstimatorParams>(key: K, value: EstimatorParams[K]) => onChange({ ...params, [key]: value });
  const groups = groupsOf(places);
  const fromPlace = places.find((p) => p.id === params.from);
  const knownUnit = (VOLUME_UNITS as readonly string[]).includes(params.unit);
  const fromKnown = Boolean(fromPlace);
  const toKnown = params.to === 'internet' || places.some((p) => p.id === params.to);
  return (
    <form className="grid gap-4 md:grid-cols-2 lg:grid-cols-4" onSubmit={(e) => e.preventDefault()} aria-label="Transfer to estimate">
      <div className="grid grid-cols-[1fr_6.5rem] gap-2 md:col-span-2">
        <Field id="egress-volume" label="Data volume" error={errors.volume} describedBy="egress-units-hint">
          {(a11y) => (
            <input
              {...a11y}
              className="field-input"
              inputMode="decimal"
              autoComplete="off"
              value={params.volume}
              onChange={(e) => set('volume', e.target.value)}
            />
          )}
        </Field>
        <Field id="egress-unit" label="Unit" error={errors.unit} describedBy="egress-units-hint">
          {(a11y) => (
            <select
              {...a11y}
              className="field-input"
              value={knownUnit ? params.unit : ''}
              onChange={(e) => {
                const unit = e.target.value as (typeof VOLUME_UNITS)[number];
                // The same volume in the new unit, exactly: switching units never changes the cost.
                onChange({ ...params, unit, volume: convertVolumeText(params.volume, params.unit, unit) });
              }}
            >
              {!knownUnit && <option value="">Choose</option>}
              {VOLUME_UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p id="egress-units-hint" className="col-span-2 text-xs text-slate-600 dark:text-slate-400">
          GB and TB are decimal (10<sup>9</sup> and 10<sup>12</sup> bytes; 1 TB = 1,000 GB); GiB and TiB are binary (2<sup>30</sup> and 2
          <sup>40</sup> bytes; 1 TiB = 1,024 GiB). AWS, Azure, Oracle and {ownProviderName(groups)} bill per GB, Google Cloud per GiB. Changing the unit
          converts the volume exactly.
        </p>
      </div>
      <fieldset>
        <legend className="field-label">How often</legend>
        <div className="mt-2 flex flex-col gap-1 text-sm">
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="egress-cadence"
              value="monthly"
              checked={params.cadence === 'monthly'}
              onChange={() => set('cadence', 'monthly')}
            />
            Every month
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="egress-cadence"
              value="one-time"
              checked={params.cadence === 'one-time'}
              onChange={() => set('cadence', 'one-time')}
            />
            Once (a one-time move)
          </label>
        </div>
      </fieldset>
      <Field
        id="egress-growth"
        label="Monthly growth (%)"
        error={params.cadence === 'monthly' ? errors.growth : undefined}
        hint={params.cadence === 'monthly' ? 'Optional; compounding, e.g. 5 or 2.5' : 'Only for a monthly flow'}
      >
        {(a11y) => (
          <input
            {...a11y}
            className="field-input disabled:opacity-60"
            inputMode="decimal"
            autoComplete="off"
            value={params.growth}
            disabled={params.cadence !== 'monthly'}
            onChange={(e) => set('growth', e.target.value)}
          />
        )}
      </Field>
      <div className="md:col-span-2">
        <Field
          id="egress-from"
          label="From"
          error={errors.from}
          hint="Where the data is now: a region of this cloud, of a public cloud, or your premises"
        >
          {(a11y) => (
            <select {...a11y} className="field-input" value={fromKnown ? params.from : ''} onChange={(e) => set('from', e.target.value)}>
              {!fromKnown && <option value="">Choose where the data starts</option>}
              {groups.map((g) => (
                <optgroup key={g.providerId} label={g.providerId === 'northlight' ? `${g.provider} (this cloud)` : g.provider}>
                  {g.places.map((p) => (
                    <option key={p.id} value={p.id}>
                      {placeLabel(p)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="md:col-span-2">
        <Field
          id="egress-to"
          label="To"
          error={errors.to}
          hint="Where the data goes: the internet, another region of the same provider, another provider, or premises"
        >
          {(a11y) => (
            <select {...a11y} className="field-input" value={toKnown ? params.to : ''} onChange={(e) => set('to', e.target.value)}>
              {!toKnown && <option value="">Choose where the data goes</option>}
              <option value="internet">The internet (users, clients, anywhere)</option>
              {groups.map((g) => (
                <optgroup key={g.providerId} label={destinationGroupLabel(g.providerId, g.provider, fromPlace?.providerId)}>
                  {g.places.map((p) => (
                    <option key={p.id} value={p.id}>
                      {placeLabel(p)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
      </div>
    </form>
  );
}
