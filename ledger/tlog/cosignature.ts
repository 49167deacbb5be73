import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { verifyEd25519 } from '#ed25519';
import type { Signer } from '../signed-content.ts';
import { isKeyName, keyIdOf, SIGNATURE_TYPE, type NoteSigner, type NoteSignature, type NoteVerifier } from './signed-note.ts';

// C2SP tlog-cosignature, Ed25519 (type 0x04): a witness's statement that, as of a time, the largest
// consistent tree it has seen of the log is this checkpoint. The signature is the 8-byte big-endian
// POSIX time followed by the Ed25519 signature of "cosignature/v1\ntime <t>\n" + the checkpoint's text.

const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** The message an Ed25519 cosignature signs. */
export function cosignatureMessage(checkpointText: string, timestamp: number): string {
  return `cosignature/v1\ntime ${timestamp}\n${checkpointText}`;
}

/** A cosigner: signs with the time `now()` gives, in whole seconds since the Epoch. */
export function ed25519Cosigner(name: string, signer: Signer, now: () => number = () => Math.floor(Date.now() / 1000)): NoteSigner {
  if (!isKeyName(name)) throw new RangeError(`not a key name: ${JSON.stringify(name)}`);
  return {
    name,
    keyId: keyIdOf(name, SIGNATURE_TYPE.cosignatureV1, hexToBytes(signer.publicKey)),
    async sign(text) {
      const timestamp = now();
      if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`not a POSIX time: ${timestamp}`);
      const signature = hexToBytes(await signer.sign(cosignatureMessage(text, timestamp)));
      const bytes = new Uint8Array(8 + signature.length);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(timestamp));
      bytes.set(signature, 8);
      return bytes;
    },
  };
}

/** The time a cosignature states (the signature bytes after the key ID), or null if it cannot be one. */
export function cosignatureTime(signature: Uint8Array): number | null {
  if (signature.length !== 8 + 64) return null;
  const timestamp = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0);
  return timestamp <= MAX_TIMESTAMP && timestamp <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(timestamp) : null;
}

/** The verifier of a cosigner's Ed25519 key (type 0x04), for openNote. */
export function ed25519CosignatureVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const publicKeyHex = bytesToHex(publicKey);
  return {
    name,
    keyId: keyIdOf(name, SIGNATURE_TYPE.cosignatureV1, publicKey),
    verify(text, signature) {
      const timestamp = cosignatureTime(signature);
      return timestamp !== null && verifyEd25519(publicKeyHex, cosignatureMessage(text, timestamp), bytesToHex(signature.slice(8)));
    },
  };
}

/** The times stated by the verified cosignatures among a note's signatures. */
export function cosignedTimes(signatures: readonly NoteSignature[], cosigners: readonly NoteVerifier[]): { name: string; time: number }[] {
  return signatures
    .filter((s) => cosigners.some((c) => c.name === s.name && c.keyId === s.keyId))
    .map((s) => ({ name: s.name, time: cosignatureTime(s.signature)! }));
}
