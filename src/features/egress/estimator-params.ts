/**
 * The estimator's inputs as they live in the URL (so a link to finance carries them), and
 * their validation: each field's text is kept as typed, and a field that does not parse gets
 * its own message instead of a result.
 */
import { BYTES_PER_UNIT, VOLUME_UNITS, parseVolumeBytes, exactVolume, type Cadence, type VolumeUnit } from '../../domain/egress';
import { INTERNET, type Destination, type EgressPlace } from '../../domain/egress-flow';

export interface EstimatorParams {
  volume: string;
  /** As in the URL; may be a unit the console does not know (then the field says so). */
  unit: string;
  cadence: Cadence;
  growth: string;
  from: string;
  to: string;
}

export const DEFAULT_ESTIMATOR_PARAMS: EstimatorParams = {
  volume: '10',
  unit: 'TB',
  cadence: 'monthly',
  growth: '0',
  from: 'aws:us-east-1',
  to: 'northlight:ca-mtl-1',
};

const KEYS = ['volume', 'unit', 'cadence', 'growth', 'from', 'to'] as const;

export function readEstimatorParams(search: URLSearchParams): EstimatorParams {
  const get = (k: (typeof KEYS)[number]) => search.get(k) ?? DEFAULT_ESTIMATOR_PARAMS[k];
  return {
    volume: get('volume'),
    unit: get('unit'),
    cadence: search.get('cadence') === 'one-time' ? 'one-time' : 'monthly',
    growth: get('growth'),
    from: get('from'),
    to: get('to'),
  };
}

/** The search params with the estimator's inputs written in (other params kept). */
export function writeEstimatorParams(search: URLSearchParams, params: EstimatorParams): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const k of KEYS) next.set(k, params[k]);
  return next;
}

export function isVolumeUnit(unit: string): unit is VolumeUnit {
  return (VOLUME_UNITS as readonly string[]).includes(unit);
}

/** 10^18 bytes (1,000,000 TB): beyond any one flow's monthly volume. */
export const MAX_VOLUME_BYTES = 10n ** 18n;
export const MIN_GROWTH_BASIS_POINTS = -5_000;
export const MAX_GROWTH_BASIS_POINTS = 10_000;

/**
 * The same volume in another unit, exactly (50 TB → "46566.12873077392578125" GiB), so the cost
 * does not change when the unit does. Text that is not a volume is kept as typed.
 */
export function convertVolumeText(volume: string, fromUnit: string, toUnit: VolumeUnit): string {
  if (!isVolumeUnit(fromUnit)) return volume;
  const bytes = parseVolumeBytes(volume, fromUnit);
  return bytes === null ? volume : exactVolume(bytes, toUnit);
}

/** "2.5" → 250 basis points; "" → 0; null when not a percentage with at most two decimals. */
export function parseGrowthBasisPoints(text: string): number | null {
  const t = text.trim().replace('−', '-').replace(/%$/, '').trim();
  if (t === '') return 0;
  const m = /^(-?)(\d{1,4})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -bp : bp;
}

export interface EstimatorInputs {
  volumeBytes: bigint;
  unit: VolumeUnit;
  cadence: Cadence;
  growthBasisPoints: number;
  from: EgressPlace;
  to: Destination;
}

export type EstimatorField = 'volume' | 'unit' | 'growth' | 'from' | 'to';
export type FieldErrors = Partial<Record<EstimatorField, string>>;

export function validateEstimatorParams(params: EstimatorParams, places: readonly EgressPlace[]): { inputs: EstimatorInputs | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const unit = isVolumeUnit(params.unit) ? params.unit : null;
  if (!unit) errors.unit = 'Choose GB, TB, GiB or TiB.';
  let volumeBytes: bigint | null = null;
  if (params.volume.trim() === '') {
    errors.volume = 'Enter the volume of data, such as 50 or 1.5.';
  } else if (unit) {
    volumeBytes = parseVolumeBytes(params.volume, unit);
    if (volumeBytes === null) errors.volume = 'Enter a number of zero or more, such as 50 or 1.5 (digits and one decimal point).';
    else if (volumeBytes > MAX_VOLUME_BYTES) errors.volume = `Enter at most ${(MAX_VOLUME_BYTES / BYTES_PER_UNIT[unit]).toLocaleString('en-US')} ${unit} (1,000,000 TB).`;
  }
  const growthBasisPoints = params.cadence === 'monthly' ? parseGrowthBasisPoints(params.growth) : 0;
  if (growthBasisPoints === null || growthBasisPoints < MIN_GROWTH_BASIS_POINTS || growthBasisPoints > MAX_GROWTH_BASIS_POINTS) {
    errors.growth = 'Enter a monthly growth from −50 to 100 percent, with at most two decimals (such as 5 or 2.5), or leave it empty.';
  }
  const from = places.find((p) => p.id === params.from);
  if (!from) errors.from = 'Choose where the data starts.';
  const to: Destination | undefined = params.to === INTERNET ? INTERNET : places.find((p) => p.id === params.to);
  if (!to) errors.to = 'Choose where the data goes.';
  if (Object.keys(errors).length > 0 || !unit || volumeBytes === null || growthBasisPoints === null || !from || !to) return { inputs: null, errors };
  return { inputs: { volumeBytes, unit, cadence: params.cadence, growthBasisPoints, from, to }, errors };
}
