/**
 * The simulated provider's catalog: regions, GPU types, prices and capacity, as the provider's
 * configuration (src/brand/brand.config.ts) sets them. Specifications are public figures copied
 * from the team reference data (domain/data/gpus.json, NVIDIA datasheets, as of 2025); region
 * energy figures from domain/data/energy.json (PUE: provider yearly average; carbon: lifecycle basis).
 * The default provider's prices are FICTIONAL, chosen inside the 2025 market ranges in gpus.json.
 */
import { gpus as gpuSpecs } from '../domain/data/gpus.json';
import { gridCarbonIntensity, pue } from '../domain/data/energy.json';
import { gpus as migGpus } from '../domain/data/mig-profiles.json';
import type { DiskPricing, GpuOffer, GpuType, Region } from '../domain/catalog';
import { migSliceRateMicroUsdPerHour, type MigProfile } from '../domain/mig';
import { microUsdFromUsd } from '../domain/money';
import { catalog } from '../brand/brand.config';

const listings = catalog.gpus;

/** The MIG profiles a listing sells, with their compute slices and memory from NVIDIA's table (data/mig-profiles.json). */
function migProfilesOf(gpuId: string, names: readonly string[]): MigProfile[] {
  const supported = migGpus.find((g) => g.gpuIds.includes(gpuId))?.profiles ?? [];
  return names.map((name) => {
    const row = supported.find((p) => p[0] === name);
    if (!row) throw new Error(`${gpuId} has no MIG profile ${name}`);
    return { name, computeSlices: Number(row[1]), memoryGb: Number(row[2]) };
  });
}

export const gpuTypes: GpuType[] = listings.map((l) => {
  const spec = gpuSpecs.find((g) => g.id === l.id);
  if (!spec) throw new Error(`no specification for ${l.id}`);
  const mig = l.migProfiles && l.migProfiles.length > 0 ? { migProfiles: migProfilesOf(l.id, l.migProfiles) } : {};
  return {
    id: spec.id,
    name: spec.name,
    arch: spec.arch,
    vramGiB: spec.vramGiB,
    memBandwidthGBs: spec.memBandwidthGBs,
    bf16DenseTflops: spec.bf16DenseTflops,
    fp16DenseTflops: spec.fp16DenseTflops,
    tdpW: spec.tdpW,
    formFactor: spec.formFactor,
    speedClass: l.speedClass,
    allowedCounts: l.allowedCounts,
    ...mig,
  };
});

function carbon(id: string): { value: number; source: string } {
  const r = gridCarbonIntensity.regions.find((x) => x.id === id);
  if (!r) throw new Error(`no grid figure for ${id}`);
  return { value: r.lifecycle, source: `${r.source} (lifecycle basis)` };
}

const PUE = pue.simulatedProviderAverage.value;

export const regions: Region[] = catalog.regions.map((r) => ({
  id: r.id,
  name: r.name,
  city: r.city,
  country: r.country,
  countryCode: r.countryCode,
  jurisdiction: r.jurisdiction,
  residency: [...r.residency],
  energySource: r.energySource,
  pue: PUE,
  gridGCo2ePerKWh: carbon(r.grid).value,
  carbonSource: carbon(r.grid).source,
}));

/** Committed-use price: a discount off on-demand for a 1-month term (the provider's policy, brand.config.ts). */
const COMMITTED_DISCOUNT = catalog.committedDiscount;

export const offers: GpuOffer[] = catalog.regions.flatMap((s) =>
  listings.flatMap((l) => {
    const totalGpus = s.stock[l.id];
    if (!totalGpus) return [];
    const usd = Math.round(l.usdPerGpuHour * s.priceFactor * 100) / 100;
    const rate = microUsdFromUsd(usd);
    const profiles = gpuTypes.find((g) => g.id === l.id)?.migProfiles;
    const mig = profiles ? { migSlices: profiles.map((p) => ({ profile: p.name, rateMicroUsdPerHour: migSliceRateMicroUsdPerHour(rate, p.computeSlices, catalog.migSlicePricePercent) })) } : {};
    return [{
      gpuTypeId: l.id,
      regionId: s.id,
      rateMicroUsdPerGpuHour: rate,
      committedRateMicroUsdPerGpuHour: microUsdFromUsd(Math.round(usd * (1 - COMMITTED_DISCOUNT) * 100) / 100),
      totalGpus,
      ...mig,
    }];
  }),
);

/** Block storage per GB-month and the sizes a disk may have (the provider's policy, brand.config.ts). */
export const diskPricing: DiskPricing = { microUsdPerGbMonth: microUsdFromUsd(catalog.disk.usdPerGbMonth), minGb: catalog.disk.minGb, maxGb: catalog.disk.maxGb };

/** The date the catalog's prices were set. */
export const pricesAsOf = catalog.pricesAsOf;

export interface Image {
  id: string;
  name: string;
  description: string;
}

export const images: Image[] = [
  { id: 'pytorch-2.9-cuda12.8', name: 'PyTorch 2.9 · CUDA 12.8', description: 'PyTorch, torchvision, JupyterLab, VS Code server' },
  { id: 'jax-0.8-cuda12.8', name: 'JAX 0.8 · CUDA 12.8', description: 'JAX, Flax, Optax, JupyterLab' },
  { id: 'vllm-0.11', name: 'vLLM 0.11', description: 'vLLM inference server with an OpenAI-compatible API' },
  { id: 'cuda-12.8-base', name: 'CUDA 12.8 base (Ubuntu 24.04)', description: 'Drivers, CUDA toolkit, SSH; bring your own stack' },
  { id: 'tensorflow-2.20', name: 'TensorFlow 2.20 · CUDA 12.8', description: 'TensorFlow, Keras, JupyterLab' },
];
