/** The contract's types, as the simulator produces them (type-only: no runtime import). */
import type { components } from '../api/schema';

export type Schemas = components['schemas'];
