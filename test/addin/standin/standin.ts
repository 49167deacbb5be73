/**
 * The stand-in page: the real task pane (boot, view, app) over the in-memory host instead of
 * Excel, with the browser's real IndexedDB. The browser test drives it through `window.standin`:
 * it types and pastes into the workbook as a person would, and keeps the workbook across reloads.
 */
import { bootPane } from '../../../addin/taskpane/boot.ts';
import { browserSigner } from '../../../addin/taskpane/browser-key.ts';
import { localSettings } from '../../../addin/taskpane/local-settings.ts';
import { MemoryHost, type MemoryWorkbook } from '../../../addin/excel/memory-host.ts';
import type { CellValue } from '../../../addin/excel/host.ts';
import { memoryWorkbookFromXlsx, memoryWorkbookToXlsx } from '../../../addin/excel/memory-workbook-xlsx.ts';
import { IndexedDbStore } from '../../../ledger/stores/indexeddb-store.ts';

const KEEP_KEY = 'cchc.standin.workbook';
const params = new URLSearchParams(location.search);

const toBase64 = (bytes: Uint8Array): string => {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
};
const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function openWorkbook(): Promise<MemoryWorkbook> {
  const kept = sessionStorage.getItem(KEEP_KEY);
  if (kept) return memoryWorkbookFromXlsx(fromBase64(kept));
  const response = await fetch(params.get('fixture') ?? 'fixture.xlsx');
  return memoryWorkbookFromXlsx(new Uint8Array(await response.arrayBuffer()));
}

void (async () => {
  const workbook = await openWorkbook();
  const host = new MemoryHost(workbook);
  const { app } = bootPane({
    host,
    settings: localSettings(),
    openLocal: (genesis) => IndexedDbStore.open(genesis),
    // ?webcrypto=no: a WebView without Ed25519 in WebCrypto (the @noble/curves way).
    signer: () => browserSigner({ webCryptoEd25519: params.get('webcrypto') !== 'no' }),
    documentName: 'gialai-sgddt-2022-phuluc.xlsx',
  });
  Object.assign(window, {
    standin: {
      host,
      app,
      edit: (sheet: string, address: string, values: CellValue[][], how: { paste?: boolean; source?: 'Local' | 'Remote' } = {}) => host.userEdit(sheet, address, values, how),
      /** A person renaming a sheet on its tab. */
      rename: (from: string, to: string) => host.userRename(from, to),
      idle: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await app.idle();
      },
      /** The workbook as an .xlsx file, base64. */
      saved: async () => toBase64(await memoryWorkbookToXlsx(workbook)),
      /** Keeps the workbook for the next load of the page (as saving the file would). */
      keep: async () => sessionStorage.setItem(KEEP_KEY, toBase64(await memoryWorkbookToXlsx(workbook))),
    },
  });
})();
