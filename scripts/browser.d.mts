import type { LaunchOptions } from '@playwright/test';
export declare const SYSTEM_CHROMIUM: string;
export declare function chromiumLaunchOptions(): LaunchOptions;
