import type { PaneApp } from '../app/pane-app.ts';

/**
 * The pane regaining focus (the window focused again, or shown again after being hidden) re-checks
 * the tracking block against the ledger: Excel on the web may not report a pick from the status
 * drop-down, and a user coming back to the pane after such a pick expects it recorded.
 */
export function recheckOnFocus(
  app: Pick<PaneApp, 'paneFocused'>,
  win: Pick<Window, 'addEventListener'> = window,
  doc: Pick<Document, 'addEventListener' | 'visibilityState'> = document,
): void {
  win.addEventListener('focus', () => void app.paneFocused());
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') void app.paneFocused();
  });
}
