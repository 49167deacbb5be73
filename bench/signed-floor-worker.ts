// A worker of the signed floor (bench/ledger.ts): each line it is sent is parsed, its signed content
// written and its Ed25519 signature checked by node:crypto. Answers how many held.
import { parentPort } from 'node:worker_threads';
import { verifyEd25519 } from '#ed25519';
import { signedContent } from '../ledger/signed-content.ts';

let ledgerId = '';
const keys = new Map<string, string>();
parentPort!.on('message', (message: { keys?: Array<[string, string]>; ledgerId?: string; lines?: string[] }) => {
  if (message.keys) for (const [fingerprint, publicKey] of message.keys) keys.set(fingerprint, publicKey);
  if (message.ledgerId) ledgerId = message.ledgerId;
  if (!message.lines) return;
  let good = 0;
  for (const line of message.lines) {
    const event = JSON.parse(line);
    if (verifyEd25519(keys.get(event.sig.key)!, signedContent(ledgerId, event, event.sig.key), event.sig.value)) good++;
  }
  parentPort!.postMessage(good);
});
