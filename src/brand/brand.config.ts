/**
 * The one file that dresses the console for a provider (white-label): its name, logo and accent
 * colour, which the app shell reads, and its regions, GPU catalog and prices, which the embedded
 * simulator sells. The default is the fictional provider "Northlight Cloud".
 *
 * To dress a demo for a prospect, edit this file (and drop its logo into public/), then build.
 * GPU ids must be ones with public specifications in src/domain/data/gpus.json, and a region's
 * `grid` one of the grids in src/domain/data/energy.json (their carbon figures have sources).
 * Keep the accent shades dark enough for white text on 700 and light text on 300 in the dark
 * theme (WCAG AA: 4.5:1), as Tailwind's teal below is.
 */
import type { SpeedClass } from '../domain/catalog';

export interface BrandRegion {
  id: string;
  name: string;
  city: string;
  country: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  jurisdiction: string;
  residency: string[];
  energySource: string;
  /** The grid whose carbon intensity applies (domain/data/energy.json gridCarbonIntensity ids). */
  grid: string;
  /** Price multiplier over the list price in this region. */
  priceFactor: number;
  /** GPUs in stock here, by GPU id; a GPU not listed is not offered in this region. */
  stock: Record<string, number>;
}

export interface BrandGpu {
  /** An id of domain/data/gpus.json (the specification comes from there). */
  id: string;
  speedClass: SpeedClass;
  /** On-demand list price in US dollars per GPU-hour. */
  usdPerGpuHour: number;
  allowedCounts: number[];
  /**
   * MIG slices sold of this GPU, by NVIDIA profile name (domain/data/mig-profiles.json lists what
   * the GPU supports); absent: whole GPUs only. A slice pod has one slice, priced by migSlicePricePercent.
   */
  migProfiles?: string[];
}

/** Who the provider is: what the app shell shows. */
export interface Brand {
  /** The provider, in full ("Northlight Cloud"). */
  providerName: string;
  /** The short name the shell shows beside the logo, and prices are listed under. */
  shortName: string;
  /** The console's name (the page title). */
  consoleName: string;
  /** The logo: a file in public/, relative to the console's base path. */
  logoFile: string;
  /** The accent palette (buttons, links, the current page in the navigation), as CSS colours. */
  accent: Record<'50' | '100' | '300' | '600' | '700' | '800' | '900' | '950', string>;
}

/** What the provider sells: what the simulator's catalog serves (a real API serves its own). */
export interface ProviderCatalog {
  regions: BrandRegion[];
  gpus: BrandGpu[];
  /** Committed-use discount off on-demand for a 1-month term (0.25 = 25% off). */
  committedDiscount: number;
  /**
   * MIG slices' price rule: a slice costs the GPU's rate × its compute slices ÷ 7 × this ÷ 100,
   * rounded half up to the whole cent per hour (domain/mig.ts migSliceRateMicroUsdPerHour).
   * 100: exactly its compute fraction (issue 18); above 100, a premium for slicing.
   */
  migSlicePricePercent: number;
  /** Block storage, US dollars per GB-month, and the disk sizes a pod may have. */
  disk: { usdPerGbMonth: number; minGb: number; maxGb: number };
  /** The date the prices above were set (YYYY-MM-DD). */
  pricesAsOf: string;
}

export const brand: Brand = {
  providerName: 'Northlight Cloud',
  shortName: 'Northlight',
  consoleName: 'Northlight Console',
  logoFile: 'favicon.svg',
  // Tailwind CSS's teal palette (v4).
  accent: { '50': '#f0fdfa', '100': '#ccfbf1', '300': '#5eead4', '600': '#0d9488', '700': '#0f766e', '800': '#115e59', '900': '#134e4a', '950': '#042f2e' },
};

/**
 * The MIG slices sold of the 80 GB A100 and H100: the profiles issue 18 names. Not 1g.20gb: priced
 * by its compute (1/7) it would sell a quarter of the memory for a seventh of the price.
 */
const MIG_80GB = ['1g.10gb', '2g.20gb', '3g.40gb', '4g.40gb', '7g.80gb'];

// Two exports rather than one object, so a real-API build (no simulator) carries only `brand`.
export const catalog: ProviderCatalog = {
  regions: [
    // B200 stock in Montréal is kept scarce on purpose: launches there can really run out (pods, issue 4).
    { id: 'ca-mtl-1', name: 'Montréal', city: 'Montréal', country: 'Canada', countryCode: 'CA', jurisdiction: 'Canada', residency: ['Canada'], energySource: 'Hydro (Québec grid, about 94% hydro)', grid: 'ca-qc', priceFactor: 1, stock: { b200: 4, h200: 96, 'h100-sxm': 256, 'h100-pcie': 64, 'a100-80-sxm': 128, l40s: 96, 'rtx6000-ada': 32, a10: 48, l4: 96, t4: 64 } },
    { id: 'ca-tor-1', name: 'Toronto', city: 'Toronto', country: 'Canada', countryCode: 'CA', jurisdiction: 'Canada', residency: ['Canada'], energySource: 'Nuclear and hydro (Ontario grid)', grid: 'ca-on', priceFactor: 1.04, stock: { h200: 32, 'h100-sxm': 128, 'a100-80-sxm': 64, l40s: 64, a10: 32, l4: 64, t4: 48 } },
    { id: 'se-bod-1', name: 'Boden', city: 'Boden', country: 'Sweden', countryCode: 'SE', jurisdiction: 'Sweden (EU)', residency: ['Sweden', 'EU'], energySource: 'Hydro and wind (SE1 grid)', grid: 'se-se1', priceFactor: 0.96, stock: { b200: 32, h200: 64, 'h100-sxm': 192, 'h100-pcie': 32, 'a100-80-sxm': 64, l40s: 64, 'rtx6000-ada': 16, l4: 48 } },
    { id: 'py-itp-1', name: 'Itaipú', city: 'Hernandarias', country: 'Paraguay', countryCode: 'PY', jurisdiction: 'Paraguay', residency: ['Paraguay'], energySource: 'Hydro (Itaipú dam)', grid: 'py', priceFactor: 0.88, stock: { 'h100-sxm': 64, 'a100-80-sxm': 96, l40s: 32, a10: 32, l4: 32, t4: 32 } },
  ],
  // FICTIONAL prices, chosen inside the 2025 market ranges in domain/data/gpus.json.
  gpus: [
    { id: 'b200', speedClass: 'frontier', usdPerGpuHour: 5.49, allowedCounts: [1, 2, 4, 8] },
    { id: 'h200', speedClass: 'frontier', usdPerGpuHour: 3.49, allowedCounts: [1, 2, 4, 8] },
    { id: 'h100-sxm', speedClass: 'high', usdPerGpuHour: 2.49, allowedCounts: [1, 2, 4, 8], migProfiles: MIG_80GB },
    { id: 'h100-pcie', speedClass: 'high', usdPerGpuHour: 1.99, allowedCounts: [1, 2, 4, 8], migProfiles: MIG_80GB },
    { id: 'a100-80-sxm', speedClass: 'high', usdPerGpuHour: 1.39, allowedCounts: [1, 2, 4, 8], migProfiles: MIG_80GB },
    { id: 'l40s', speedClass: 'mid', usdPerGpuHour: 0.89, allowedCounts: [1, 2, 4] },
    { id: 'rtx6000-ada', speedClass: 'mid', usdPerGpuHour: 0.79, allowedCounts: [1, 2, 4] },
    { id: 'a10', speedClass: 'entry', usdPerGpuHour: 0.59, allowedCounts: [1, 2] },
    { id: 'l4', speedClass: 'entry', usdPerGpuHour: 0.42, allowedCounts: [1, 2, 4] },
    { id: 't4', speedClass: 'entry', usdPerGpuHour: 0.25, allowedCounts: [1, 2, 4] },
  ],
  committedDiscount: 0.25,
  migSlicePricePercent: 100,
  disk: { usdPerGbMonth: 0.1, minGb: 20, maxGb: 2000 },
  pricesAsOf: '2026-11-01',
};
