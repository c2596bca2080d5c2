import type { Browser, LaunchOptions } from '@playwright/test';
export declare const SYSTEM_CHROMIUM: string;
export declare function chromiumLaunchOptions(): LaunchOptions;
export declare function watchLongTasksAndWorld(): void;
export declare function withDemoInBrowser<T>(dist: string, fn: (opened: { browser: Browser; origin: string }) => Promise<T>): Promise<T>;
