import type { PaneDeps } from '../app/pane-app.ts';
import type { PaneNetwork } from '../app/pane-service.ts';
import { SyncedPaneApp } from '../app/pane-sync.ts';
import type { KeyValueStore } from '../app/identity.ts';
import { recheckOnFocus } from './focus-recheck.ts';
import { Words, type Lang } from './i18n.ts';
import { PaneView } from './pane-view.ts';

const LANG_KEY = 'cchc.lang';

/** Hands bytes to the user as a downloaded file. */
export function downloadFile(fileName: string, bytes: Uint8Array): void {
  const type = fileName.endsWith('.json')
    ? 'application/json'
    : fileName.endsWith('.docx')
      ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const blob = new Blob([bytes as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The browser's network: navigator.onLine, and the "online" event (a sync follows each reconnection); requests go by the global fetch. */
export function browserNetwork(): PaneNetwork {
  return {
    online: () => navigator.onLine,
    onReconnect: (listener) => {
      window.addEventListener('online', listener);
      return () => window.removeEventListener('online', listener);
    },
  };
}

/** Starts the pane on a page built from taskpane.html, over whatever host it is given. */
export function bootPane(deps: Omit<PaneDeps, 'download'> & { settings: KeyValueStore }): { app: SyncedPaneApp; view: PaneView } {
  const root = document.getElementById('app')!;
  const announcer = document.getElementById('announcer')!;
  const lang: Lang = deps.settings.get(LANG_KEY) === 'en' ? 'en' : 'vi';
  const app = new SyncedPaneApp({ ...deps, download: downloadFile, network: browserNetwork() });
  const view = new PaneView(root, app, announcer, lang);
  const toggle = document.getElementById('language') as HTMLButtonElement;
  const title = document.getElementById('app-title')!;
  const subtitle = document.getElementById('app-subtitle')!;
  const help = document.getElementById('help-link')!;
  const label = () => {
    const words = new Words(view.language);
    // The button's accessible name is its visible label, in the language it names (axe: label-content-name-mismatch).
    toggle.textContent = words.t('switchLanguage');
    toggle.lang = view.language === 'vi' ? 'en' : 'vi';
    toggle.title = words.t('switchLanguageHint');
    title.textContent = words.t('appTitle');
    subtitle.textContent = words.t('appSubtitle');
    help.textContent = words.t('help');
    document.title = words.t('appTitle');
  };
  toggle.addEventListener('click', () => {
    const next: Lang = view.language === 'vi' ? 'en' : 'vi';
    deps.settings.set(LANG_KEY, next);
    view.setLanguage(next);
    label();
  });
  document.documentElement.lang = lang;
  label();
  view.render();
  void app.start();
  recheckOnFocus(app);
  return { app, view };
}
