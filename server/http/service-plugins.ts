import type { Database } from '../db/database.ts';
import { dashboardPlugin } from '../dashboard/dashboard-plugin.ts';
import type { LogKey } from '../transparency/checkpoint-signer.ts';
import { transparencyPlugin } from '../transparency/transparency-plugin.ts';
import type { ServicePlugin } from './service-app.ts';

export interface ServicePluginOptions {
  db: Database;
  /** The key that signs the transparency log's checkpoints; without one the service serves no log. */
  logKey?: LogKey;
  /** The vkeys of the witnesses whose cosignatures the log takes and serves. */
  witnesses?: readonly string[];
  /** What "today" is for the dashboard; demos pass their own year. */
  clock?: () => Date;
}

// Each plugin has options of its own type.
/** What the service registers beside the API: the dashboard (`/`, `/dashboard/…`) and the transparency log (`/log/…`). */
export function servicePlugins({ db, logKey, witnesses, clock }: ServicePluginOptions): ServicePlugin<any>[] {
  return [
    { plugin: dashboardPlugin, options: { db, ...(clock && { clock }) } },
    ...(logKey ? [{ plugin: transparencyPlugin, options: { db, logKey, ...(witnesses && { witnesses }) } }] : []),
  ];
}
