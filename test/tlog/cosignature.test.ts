// A witness's timestamped cosignature (C2SP tlog-cosignature/v1) on a log's checkpoint: made by one
// key, verified by its vkey of type 0x04, the time read back; refused once anything signed changes.
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { fromBase64, toBase64 } from '../../ledger/tlog/base64.ts';
import { signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { cosignedTimes, ed25519CosignatureVerifier, ed25519Cosigner } from '../../ledger/tlog/cosignature.ts';
import { leafHash } from '../../ledger/tlog/merkle-hash.ts';
import { ed25519NoteSigner, ed25519NoteVerifier, formatVerifierKey, openNote, parseVerifierKey, SIGNATURE_TYPE } from '../../ledger/tlog/signed-note.ts';

const seed = (label: string) => new TextEncoder().encode(label.padEnd(32, '.')).slice(0, 32);
const log = signerOfSeed(seed('log'));
const witness = signerOfSeed(seed('thanh tra tinh'));
const ORIGIN = 'cchc.example/tinh-01/log';
const WITNESS = 'thanhtra.example/tinh-01';
const checkpoint = { origin: ORIGIN, size: 42, root: leafHash(new Uint8Array([1, 2, 3])), extensions: [] };

describe('tlog-cosignature/v1 (Ed25519)', () => {
  it('a witness cosigns a checkpoint at a time; its vkey (type 0x04) verifies it and reads the time', async () => {
    const note = await signCheckpoint(checkpoint, [ed25519NoteSigner(ORIGIN, log), ed25519Cosigner(WITNESS, witness, () => 1_767_225_600)]);
    const vkey = formatVerifierKey(WITNESS, SIGNATURE_TYPE.cosignatureV1, hexToBytes(witness.publicKey));
    const key = parseVerifierKey(vkey);
    expect(key.type).toBe(SIGNATURE_TYPE.cosignatureV1);
    const cosigner = ed25519CosignatureVerifier(key.name, key.publicKey);
    const opened = openNote(note, [ed25519NoteVerifier(ORIGIN, hexToBytes(log.publicKey)), cosigner]);
    expect(opened.verified.map((s) => s.name)).toEqual([ORIGIN, WITNESS]);
    expect(cosignedTimes(opened.verified, [cosigner])).toEqual([{ name: WITNESS, time: 1_767_225_600 }]);
    // The same key as a plain note key (type 0x01) has another key ID: it does not take the cosignature for its own.
    expect(() => openNote(note, [ed25519NoteVerifier(WITNESS, hexToBytes(witness.publicKey))])).toThrow(expect.objectContaining({ code: 'unverified-note' }));
  });

  it('a changed time, checkpoint or signature is refused', async () => {
    const note = await signCheckpoint(checkpoint, [ed25519Cosigner(WITNESS, witness, () => 1_767_225_600)]);
    const cosigner = ed25519CosignatureVerifier(WITNESS, hexToBytes(witness.publicKey));
    const line = note.slice(note.lastIndexOf('— '));
    const bytes = fromBase64(line.split(' ')[2]!.trim())!;
    const variants: string[] = [];
    for (const at of [4 + 7, 4 + 8, bytes.length - 1]) {
      const changed = bytes.slice();
      changed[at]! ^= 1; // the time's last byte, the signature's first, its last
      variants.push(note.replace(line, `— ${WITNESS} ${toBase64(changed)}\n`));
    }
    variants.push(note.replace('\n42\n', '\n43\n'));
    for (const variant of variants) expect(() => openNote(variant, [cosigner])).toThrow(expect.objectContaining({ code: 'bad-signature' }));
    expect(openNote(note, [cosigner]).verified).toHaveLength(1);
  });
});
