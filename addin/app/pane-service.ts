import type { Signer } from '../../ledger/signed-content.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';

/** How the pane reaches the network: `fetch`, whether the computer is online, and being told when it reconnects. */
export interface PaneNetwork {
  fetch?: typeof fetch;
  /** False when the browser knows it is offline (navigator.onLine); a sync then waits for the reconnection. */
  online(): boolean;
  /** Calls `listener` each time the computer comes back online; resolves to the unsubscribe function. */
  onReconnect(listener: () => void): () => void;
}

/** Always online, never told of a reconnection: for tests and hosts without the browser's events. */
export const ALWAYS_ONLINE: PaneNetwork = { online: () => true, onReconnect: () => () => {} };

/**
 * A client of the province's service for the pane: every request signed by the user's own key
 * (browser-key.ts: a non-extractable WebCrypto key where the WebView has Ed25519), over the
 * browser's fetch. The service must allow the pane's origin (`cchc serve --allow-origin`).
 */
export function paneServiceClient(url: string, signer: Signer, network: PaneNetwork): ServiceClient {
  return new ServiceClient(url, signer, network.fetch);
}
