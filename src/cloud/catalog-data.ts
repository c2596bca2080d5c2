/**
 * The simulated provider's catalog: regions, GPU types, prices and capacity.
 * Specifications are public figures copied from the team reference data
 * (domain/data/gpus.json, NVIDIA datasheets, as of 2025); region energy figures from
 * domain/data/energy.json (PUE: provider yearly average; carbon: lifecycle basis).
 * Prices are FICTIONAL, chosen inside the 2025 market ranges in gpus.json.
 */
import { gpus as gpuSpecs } from '../domain/data/gpus.json';
import { gridCarbonIntensity, pue } from '../domain/data/energy.json';
import type { DiskPricing, GpuOffer, GpuType, Region, SpeedClass } from '../domain/catalog';
import { microUsdFromUsd } from '../domain/money';

interface Listing {
  id: string;
  speedClass: SpeedClass;
  usdPerGpuHour: number;
  allowedCounts: number[];
}

const listings: Listing[] = [
  { id: 'b200', speedClass: 'frontier', usdPerGpuHour: 5.49, allowedCounts: [1, 2, 4, 8] },
  { id: 'h200', speedClass: 'frontier', usdPerGpuHour: 3.49, allowedCounts: [1, 2, 4, 8] },
  { id: 'h100-sxm', speedClass: 'high', usdPerGpuHour: 2.49, allowedCounts: [1, 2, 4, 8] },
  { id: 'h100-pcie', speedClass: 'high', usdPerGpuHour: 1.99, allowedCounts: [1, 2, 4, 8] },
  { id: 'a100-80-sxm', speedClass: 'high', usdPerGpuHour: 1.39, allowedCounts: [1, 2, 4, 8] },
  { id: 'l40s', speedClass: 'mid', usdPerGpuHour: 0.89, allowedCounts: [1, 2, 4] },
  { id: 'rtx6000-ada', speedClass: 'mid', usdPerGpuHour: 0.79, allowedCounts: [1, 2, 4] },
  { id: 'a10', speedClass: 'entry', usdPerGpuHour: 0.59, allowedCounts: [1, 2] },
  { id: 'l4', speedClass: 'entry', usdPerGpuHour: 0.42, allowedCounts: [1, 2, 4] },
  { id: 't4', speedClass: 'entry', usdPerGpuHour: 0.25, allowedCounts: [1, 2, 4] },
];

export const gpuTypes: GpuType[] = listings.map((l) => {
  const spec = gpuSpecs.find((g) => g.id === l.id);
  if (!spec) throw new Error(`no specification for ${l.id}`);
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
  };
});

function carbon(id: string): { value: number; source: string } {
  const r = gridCarbonIntensity.regions.find((x) => x.id === id);
  if (!r) throw new Error(`no grid figure for ${id}`);
  return { value: r.lifecycle, source: `${r.source} (lifecycle basis)` };
}

const PUE = pue.simulatedProviderAverage.value;

export const regions: Region[] = [
  { id: 'ca-mtl-1', name: 'Montréal', city: 'Montréal', country: 'Canada', countryCode: 'CA', jurisdiction: 'Canada', residency: ['Canada'], energySource: 'Hydro (Québec grid, about 94% hydro)', pue: PUE, gridGCo2ePerKWh: carbon('ca-qc').value, carbonSource: carbon('ca-qc').source },
  { id: 'ca-tor-1', name: 'Toronto', city: 'Toronto', country: 'Canada', countryCode: 'CA', jurisdiction: 'Canada', residency: ['Canada'], energySource: 'Nuclear and hydro (Ontario grid)', pue: PUE, gridGCo2ePerKWh: carbon('ca-on').value, carbonSource: carbon('ca-on').source },
  { id: 'se-bod-1', name: 'Boden', city: 'Boden', country: 'Sweden', countryCode: 'SE', jurisdiction: 'Sweden (EU)', residency: ['Sweden', 'EU'], energySource: 'Hydro and wind (SE1 grid)', pue: PUE, gridGCo2ePerKWh: carbon('se-se1').value, carbonSource: carbon('se-se1').source },
  { id: 'py-itp-1', name: 'Itaipú', city: 'Hernandarias', country: 'Paraguay', countryCode: 'PY', jurisdiction: 'Paraguay', residency: ['Paraguay'], energySource: 'Hydro (Itaipú dam)', pue: PUE, gridGCo2ePerKWh: carbon('py').value, carbonSource: carbon('py').source },
];

/** Price multiplier and GPU stock per region; a missing entry means "not offered here". */
const stock: Record<string, { priceFactor: number; gpus: Record<string, number> }> = {
  // B200 stock in Montréal is kept scarce on purpose: launches there can really run out (pods, issue 4).
  'ca-mtl-1': { priceFactor: 1, gpus: { b200: 4, h200: 96, 'h100-sxm': 256, 'h100-pcie': 64, 'a100-80-sxm': 128, l40s: 96, 'rtx6000-ada': 32, a10: 48, l4: 96, t4: 64 } },
  'ca-tor-1': { priceFactor: 1.04, gpus: { h200: 32, 'h100-sxm': 128, 'a100-80-sxm': 64, l40s: 64, a10: 32, l4: 64, t4: 48 } },
  'se-bod-1': { priceFactor: 0.96, gpus: { b200: 32, h200: 64, 'h100-sxm': 192, 'h100-pcie': 32, 'a100-80-sxm': 64, l40s: 64, 'rtx6000-ada': 16, l4: 48 } },
  'py-itp-1': { priceFactor: 0.88, gpus: { 'h100-sxm': 64, 'a100-80-sxm': 96, l40s: 32, a10: 32, l4: 32, t4: 32 } },
};

/** Committed-use price: 25% off on-demand for a 1-month term (fictional provider policy). */
const COMMITTED_DISCOUNT = 0.25;

export const offers: GpuOffer[] = regions.flatMap((region) => {
  const s = stock[region.id];
  if (!s) return [];
  return listings.flatMap((l) => {
    const totalGpus = s.gpus[l.id];
    if (!totalGpus) return [];
    const usd = Math.round(l.usdPerGpuHour * s.priceFactor * 100) / 100;
    return [{
      gpuTypeId: l.id,
      regionId: region.id,
      rateMicroUsdPerGpuHour: microUsdFromUsd(usd),
      committedRateMicroUsdPerGpuHour: microUsdFromUsd(Math.round(usd * (1 - COMMITTED_DISCOUNT) * 100) / 100),
      totalGpus,
    }];
  });
});

/** $0.10 per GB-month of block storage, 20 GB to 2,000 GB (fictional provider policy). */
export const diskPricing: DiskPricing = { microUsdPerGbMonth: 100_000, minGb: 20, maxGb: 2000 };

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
