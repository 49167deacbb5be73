import { IndexedDbStore } from '../../ledger/stores/indexeddb-store.ts';
import { OfficeHost } from '../excel/office-host.ts';
import { officeDocumentName, officePartitionKey } from '../excel/office-environment.ts';
import { officeStartup } from '../excel/office-runtime.ts';
import { bootPane } from './boot.ts';
import { browserSigner } from './browser-key.ts';
import { Words } from './i18n.ts';
import { localSettings } from './local-settings.ts';

function outsideExcel(why: 'outsideOffice' | 'excelTooOld' = 'outsideOffice'): void {
  const root = document.getElementById('app');
  if (!root) return;
  const message = document.createElement('p');
  message.className = 'banner banner-info';
  message.textContent = new Words('vi').t(why);
  root.replaceChildren(message);
  root.setAttribute('aria-busy', 'false');
}

// office.js comes from Microsoft's CDN; opened in a plain browser the page says where it belongs.
if (typeof Office === 'undefined') {
  outsideExcel();
} else {
  void Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) {
      outsideExcel();
      return;
    }
    const host = OfficeHost.current();
    if (!host) {
      outsideExcel('excelTooOld');
      return;
    }
    const partitionKey = officePartitionKey();
    const documentName = officeDocumentName();
    bootPane({
      host,
      settings: localSettings(partitionKey ?? ''),
      // One browser database per ledger, named after its first event, apart per user where Office partitions storage.
      openLocal: (genesis) => IndexedDbStore.open(genesis, partitionKey ? { partitionKey } : {}),
      signer: () => browserSigner(partitionKey ? { partitionKey } : {}),
      startup: officeStartup(),
      ...(documentName && { documentName }),
    });
  });
}
