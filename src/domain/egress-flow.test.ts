import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flowCharge, hybridFlow, INTERNET, jurisdictionCheck, relationOf, type Destination, type EgressPlace } from './egress-flow';
import { publicEgressPlaces, publicEgressSchedules } from './egress-data';

const here = (id: string, name: string, jurisdiction: string, residency: string[], continent: EgressPlace['continent']): EgressPlace => ({
  id: `northlight:${id}`, providerId: 'northlight', provider: 'Northlight', name, code: id, country: residency[0]!, jurisdiction, residency, continent,
});
const montreal = here('ca-mtl-1', 'Montréal', 'Canada', ['Canada'], 'north-america');
const toronto = here('ca-tor-1', 'Toronto', 'Canada', ['Canada'], 'north-america');
const boden = here('se-bod-1', 'Boden', 'Sweden (EU)', ['Sweden', 'EU'], 'europe');
const itaipu = here('py-itp-1', 'Itaipú', 'Paraguay', ['Paraguay'], 'south-america');
const places = [montreal, toronto, boden, itaipu, ...publicEgressPlaces];
const place = (id: string): EgressPlace => {
  const p = places.find((x) => x.id === id);
  if (!p) throw new Error(id);
  return p;
};
const schedules = [
  ...publicEgressSchedules,
  { id: 'northlight-internet', providerId: 'northlight', pathKind: 'internet' as const, withinContinents: null },
  { id: 'northlight-inter-region', providerId: 'northlight', pathKind: 'inter-region' as const, withinContinents: null },
];

describe('which schedule prices a flow', () => {
  it('bills AWS’s internet egress for data leaving AWS for this cloud, another cloud, premises or the internet', () => {
    for (const to of [montreal, place('gcp:us-central1'), place('on-premises:CA'), INTERNET] as Destination[]) {
      expect(flowCharge(place('aws:us-east-1'), to, schedules)).toMatchObject({ kind: 'schedule', scheduleId: 'aws-internet' });
    }
    expect(relationOf(place('aws:us-east-1'), montreal)).toBe('other-provider');
  });

  it('bills the inter-region price between two regions of one provider, and nothing within one region', () => {
    expect(flowCharge(place('aws:us-east-1'), place('aws:eu-west-1'), schedules)).toEqual({ kind: 'schedule', relation: 'same-provider', scheduleId: 'aws-inter-region' });
    expect(flowCharge(place('aws:us-east-1'), place('aws:us-east-1'), schedules)).toEqual({ kind: 'free', relation: 'same-region', why: 'same-region' });
    expect(flowCharge(montreal, boden, schedules)).toMatchObject({ kind: 'schedule', scheduleId: 'northlight-inter-region' });
  });

  it('prefers Google Cloud’s Premium Tier (its default) for the internet', () => {
    expect(flowCharge(place('gcp:us-central1'), INTERNET, schedules)).toMatchObject({ scheduleId: 'gcp-premium-internet' });
  });

  it('has no price for Google Cloud or Azure between continents, rather than a wrong one', () => {
    expect(flowCharge(place('gcp:us-central1'), place('gcp:northamerica-northeast1'), schedules)).toMatchObject({ kind: 'schedule', scheduleId: 'gcp-inter-region-na' });
    expect(flowCharge(place('gcp:us-central1'), place('gcp:europe-north1'), schedules)).toEqual({ kind: 'no-price', relation: 'same-provider' });
    expect(flowCharge(place('gcp:europe-west4'), place('gcp:europe-north1'), schedules)).toEqual({ kind: 'no-price', relation: 'same-provider' });
    expect(flowCharge(place('azure:westeurope'), place('azure:swedencentral'), schedules)).toMatchObject({ scheduleId: 'azure-inter-region-na' });
    expect(flowCharge(place('azure:eastus'), place('azure:swedencentral'), schedules)).toMatchObject({ kind: 'no-price' });
  });

  it('charges nothing for data leaving premises: every cloud takes data in for free', () => {
    expect(flowCharge(place('on-premises:CA'), montreal, schedules)).toEqual({ kind: 'free', relation: 'from-premises', why: 'ingress' });
  });

  it('gives every pair of places exactly one answer', () => {
    const dest = fc.oneof(fc.constant<Destination>(INTERNET), fc.constantFrom(...places));
    fc.assert(
      fc.property(fc.constantFrom(...places), dest, (from, to) => {
        const c = flowCharge(from, to, schedules);
        if (c.kind === 'schedule') expect(schedules.find((s) => s.id === c.scheduleId)?.providerId).toBe(from.providerId);
        if (from.providerId !== 'on-premises' && to !== INTERNET && to.id === from.id) expect(c.kind).toBe('free');
      }),
    );
  });
});

describe('jurisdiction', () => {
  it('says data leaves Canada for a US region, and stays for another Canadian one', () => {
    expect(jurisdictionCheck(montreal, place('aws:us-east-1'))).toEqual({ kind: 'leaves', from: 'Canada', to: 'United States', within: null });
    expect(jurisdictionCheck(place('aws:ca-central-1'), toronto)).toEqual({ kind: 'stays', jurisdiction: 'Canada' });
  });

  it('says data leaving Sweden for Ireland stays within the EU', () => {
    expect(jurisdictionCheck(boden, place('aws:eu-west-1'))).toEqual({ kind: 'leaves', from: 'Sweden (EU)', to: 'Ireland (EU)', within: 'EU' });
  });

  it('says the internet may take data anywhere', () => {
    expect(jurisdictionCheck(itaipu, INTERNET)).toEqual({ kind: 'anywhere', from: 'Paraguay' });
  });
});

describe('the hybrid scenario: the data kept next to the GPUs here', () => {
  it('keeps a dataset that AWS sends to Montréal inside Montréal: no flow left to bill', () => {
    const h = hybridFlow(place('aws:us-east-1'), montreal, places);
    expect(h).toEqual({ gpuPlace: montreal, from: montreal, to: montreal });
    expect(flowCharge(h!.from, h!.to, schedules)).toMatchObject({ kind: 'free', why: 'same-region' });
  });

  it('serves results to the internet from the GPUs’ region in the source’s jurisdiction', () => {
    expect(hybridFlow(place('aws:ca-central-1'), INTERNET, places)).toEqual({ gpuPlace: montreal, from: montreal, to: INTERNET });
    expect(hybridFlow(place('gcp:europe-north1'), place('on-premises:DE'), places)).toEqual({ gpuPlace: boden, from: boden, to: place('on-premises:DE') });
  });

  it('keeps checkpoints that would go from here to another cloud where they are', () => {
    expect(hybridFlow(toronto, place('aws:us-east-1'), places)).toEqual({ gpuPlace: toronto, from: toronto, to: toronto });
  });

  it('needs a region of this cloud', () => {
    expect(hybridFlow(place('aws:us-east-1'), INTERNET, publicEgressPlaces)).toBeNull();
  });
});
