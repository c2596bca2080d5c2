/// <reference types="vite/client" />

/** True when the embedded simulator serves the API (no VITE_API_BASE_URL at build time). */
declare const __USE_MOCK__: boolean;

interface ImportMetaEnv {
  readonly VITE_API_BASE_URL?: string;
  readonly VITE_BASE_PATH?: string;
}
