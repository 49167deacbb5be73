// Types of webpack.config.js, for the tests that read it (the manifest's URLs must be what the build serves).
import type { Configuration } from 'webpack';

export const DEV_SERVER_PORT: number;
export function hostingAddress(text: string): string;
export function manifestFor(xml: string, address: string): string;
declare function config(env?: Record<string, unknown>, argv?: { mode?: string }): Promise<Configuration & { devServer?: unknown }>;
export default config;
