import { describe, expect, it } from 'vitest';
import { convertVolumeText, parseGrowthBasisPoints, readEstimatorParams, validateEstimatorParams, writeEstimatorParams, DEFAULT_ESTIMATOR_PARAMS } from './estimator-params';
import { publicEgressPlaces } from '../../domain/egress-data';

describe('the estimator’s inputs in the URL', () => {
  it('reads defaults for what the URL leaves out and writes every input back, keeping other params', () => {
    const params = readEstimatorParams(new URLSearchParams('volume=50&unit=TiB&cadence=one-time&x=1'));
    expect(params).toEqual({ ...DEFAULT_ESTIMATOR_PARAMS, volume: '50', unit: 'TiB', cadence: 'one-time' });
    const written = writeEstimatorParams(new URLSearchParams('x=1'), params);
    expect(written.get('x')).toBe('1');
    expect(readEstimatorParams(written)).toEqual(params);
  });

  it('reads monthly growth as basis points, with at most two decimals', () => {
    expect(parseGrowthBasisPoints('2.5')).toBe(250);
    expect(parseGrowthBasisPoints('-10')).toBe(-1_000);
    expect(parseGrowthBasisPoints('−3.25 %')).toBe(-325);
    expect(parseGrowthBasisPoints('')).toBe(0);
    expect(parseGrowthBasisPoints('1.234')).toBeNull();
    expect(parseGrowthBasisPoints('ten')).toBeNull();
  });

  it('converts the volume text exactly between units, and leaves text that is not a number alone', () => {
    expect(convertVolumeText('50', 'TB', 'GB')).toBe('50000');
    expect(convertVolumeText('1', 'TiB', 'GiB')).toBe('1024');
    expect(convertVolumeText('5o', 'TB', 'GB')).toBe('5o');
  });

  it('names each field that is wrong, and gives inputs only when all are right', () => {
    const bad = validateEstimatorParams({ volume: '', unit: 'XB', cadence: 'monthly', growth: '500', from: 'mars:1', to: 'nowhere' }, publicEgressPlaces);
    expect(bad.inputs).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual(['from', 'growth', 'to', 'unit', 'volume']);
    expect(validateEstimatorParams({ ...DEFAULT_ESTIMATOR_PARAMS, volume: '2000000', unit: 'TB', from: 'aws:us-east-1', to: 'internet' }, publicEgressPlaces).errors.volume).toMatch(/at most/);
    // A one-time move ignores the growth field.
    const ok = validateEstimatorParams({ ...DEFAULT_ESTIMATOR_PARAMS, cadence: 'one-time', growth: 'x', from: 'aws:us-east-1', to: 'internet' }, publicEgressPlaces);
    expect(ok.errors).toEqual({});
    expect(ok.inputs?.volumeBytes).toBe(10n ** 13n);
    expect(ok.inputs?.to).toBe('internet');
  });
});
