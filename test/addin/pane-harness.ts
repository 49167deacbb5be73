import { readFileSync } from 'node:fs';
import { PaneApp, type PaneDeps } from '../../addin/app/pane-app.ts';
import { MemoryHost, type MemoryWorkbook } from '../../addin/excel/memory-host.ts';
import { memoryWorkbookFromXlsx } from '../../addin/excel/memory-workbook-xlsx.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import type { EventStore } from '../../ledger/store.ts';
import { newPrivateKeyPem, signerOfPrivateKey } from '../../cli/key-file.ts';

/** The pane tests' common ground: the Gia Lai appendix over the stand-in host, computers, and a bound pane. */
export const FIXTURE = new URL('../../samples/gialai-sgddt-2022-phuluc.xlsx', import.meta.url);
export const NOW = new Date('2022-06-20T03:00:00.000Z');

export class Settings {
  readonly map = new Map<string, string>();
  get(key: string) {
    return this.map.get(key) ?? null;
  }
  set(key: string, value: string) {
    this.map.set(key, value);
  }
}

/** A computer: its settings, its IndexedDB stand-in and its user's signing key, kept across pane openings. */
export function computer() {
  const key = signerOfPrivateKey(newPrivateKeyPem());
  const signer = async () => key;
  const settings = new Settings();
  const locals = new Map<string, MemoryStore>();
  const openLocal = async (genesis: string): Promise<EventStore> => {
    let store = locals.get(genesis);
    if (!store) locals.set(genesis, (store = new MemoryStore()));
    return store;
  };
  return { settings, locals, openLocal, signer };
}

export async function fixtureWorkbook(): Promise<MemoryWorkbook> {
  return memoryWorkbookFromXlsx(new Uint8Array(readFileSync(FIXTURE)));
}

/** What a test may give a pane beyond its host and computer (the clock is NOW unless given). */
export type PaneOptions = Partial<Pick<PaneDeps, 'clock' | 'documentName' | 'download' | 'startup'>>;

/** A pane over `host` on computer `pc`, started. */
export async function openPane(host: MemoryHost, pc: ReturnType<typeof computer>, options: PaneOptions = {}): Promise<PaneApp> {
  const app = new PaneApp({ host, settings: pc.settings, openLocal: pc.openLocal, signer: pc.signer, clock: () => NOW, documentName: 'gialai-sgddt-2022-phuluc.xlsx', ...options });
  await app.start();
  return app;
}

/** A pane on a new computer, its user named and the plan imported: over the Gia Lai appendix unless `host` is given. */
export async function boundPane(options: PaneOptions & { host?: MemoryHost } = {}) {
  const { host = new MemoryHost(await fixtureWorkbook()), ...paneOptions } = options;
  const pc = computer();
  const app = await openPane(host, pc, paneOptions);
  app.setActor('Nguyễn Thị Lan', 'Văn phòng Sở Giáo dục và Đào tạo');
  await app.readTable();
  await app.importPlan();
  return { host, pc, app, binding: app.model.binding!, sheet: host.workbook.sheet(app.model.binding!.sheet)! };
}

/** Lets the host deliver its change notices and the pane finish handling them. */
export async function settle(app: PaneApp): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.idle();
}

/** The round trips to Excel (`context.sync`) the host saw since the counter was made or last read. */
export function roundTrips(host: MemoryHost): () => number {
  let mark = host.syncs;
  return () => {
    const n = host.syncs - mark;
    mark = host.syncs;
    return n;
  };
}
