import type { ServicePlugin } from './service-app.ts';

/**
 * What `cchc serve` registers beside the API: the dashboard (`/`, `/dashboard/…`) and the
 * transparency log (`/log/…`) are added here as they land, each as its own fastify plugin.
 */
// Each plugin has options of its own type.
export const SERVICE_PLUGINS: ReadonlyArray<ServicePlugin<any>> = [];
