// Signed notes, checkpoints and cosignatures against the published examples (test/vectors/tlog/
// signed-note.json: Go's sumdb note and tlog tests, and the C2SP specifications' examples).
import { describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { fromBase64 } from '../../ledger/tlog/base64.ts';
import { formatCheckpoint, parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { cosignatureMessage, cosignatureTime } from '../../ledger/tlog/cosignature.ts';
import { leafHash } from '../../ledger/tlog/merkle-hash.ts';
import { ed25519NoteSigner, ed25519NoteVerifier, formatVerifierKey, openNote, parseNote, parseVerifierKey, SIGNATURE_TYPE, signNote, type NoteVerifier } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import vectors from '../vectors/tlog/signed-note.json' with { type: 'json' };

const verifierOf = (vkey: string): NoteVerifier => {
  const key = parseVerifierKey(vkey);
  return ed25519NoteVerifier(key.name, key.publicKey);
};
const codeOf = (work: () => unknown) => {
  try {
    work();
    return 'accepted';
  } catch (error) {
    return error instanceof TlogError ? error.code : `other: ${String(error)}`;
  }
};

describe('C2SP signed notes (Go sumdb/note vectors)', () => {
  it('signs the published text with the published key into the published note, byte for byte', async () => {
    // Go's private key encoding: PRIVATE+KEY+<name>+<key ID>+base64(0x01 || 32-byte seed).
    const parts = vectors.goSign.skey.split('+');
    const name = parts[2]!;
    const seed = fromBase64(parts.slice(4).join('+'))!.slice(1); // base64 may itself hold a "+"

    const signer = ed25519NoteSigner(name, signerOfSeed(seed));
    expect(signer.keyId).toBe(parseVerifierKey(vectors.goSign.vkey).keyId);
    expect(await signNote(vectors.goSign.text, [signer])).toBe(vectors.goSign.signed);
  });

  it('opens notes as Go does: unknown keys ignored, known ones verified, none trusted refused', () => {
    const { text, peterSig, enochSig } = vectors.goOpen;
    const peter = verifierOf(vectors.goOpen.peterKey);
    const enoch = verifierOf(vectors.goOpen.enochKey);
    const both = `${text}\n${peterSig}${enochSig}`;
    const one = openNote(both, [peter]);
    expect(one.text).toBe(text);
    expect(one.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(one.unverified.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(openNote(both, [peter, enoch]).verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(codeOf(() => openNote(both, []))).toBe('unverified-note');
    expect(codeOf(() => openNote(`${text}\n${enochSig}`, [enoch, peter, enoch]))).toBe('ambiguous-key');
    expect(codeOf(() => openNote(`${text}\n${peterSig}`, [enoch, peter, enoch]))).toBe('accepted');
    // A signature by a known key altered in the middle.
    expect(codeOf(() => openNote(`${text}\n${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`, [peter]))).toBe('bad-signature');
    expect(codeOf(() => openNote(`${text}\n${peterSig.repeat(101)}`, [peter]))).toBe('malformed-note');
  });

  it('refuses every malformed note of the Go tests', () => {
    const { text, peterSig } = vectors.goOpen;
    const peter = verifierOf(vectors.goOpen.peterKey);
    const bad = [
      text,
      `${text}\n`,
      `${text}\n${peterSig.slice(0, -1)}`,
      `\u0001${text}\n${peterSig}`,
      `\ud800${text}\n${peterSig}`, // Go's "\xff": not UTF-8; a lone surrogate is JavaScript's nearest
      `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${text}\n${peterSig}Unexpected line.\n`,
    ];
    expect(bad.map((note) => codeOf(() => openNote(note, [peter])))).toEqual(bad.map(() => 'malformed-note'));
  });

  it('refuses the bad verifier keys of the Go tests, and every truncation or one-byte change of a good one', () => {
    for (const vkey of vectors.goBadVerifierKeys) expect(codeOf(() => parseVerifierKey(vkey)), vkey).toBe('malformed-key');
    const good = vectors.goSign.vkey;
    expect(codeOf(() => parseVerifierKey(good))).toBe('accepted');
    let tried = 0;
    for (let i = 0; i < good.length; i++) {
      for (const changed of [good.slice(0, i) + good.slice(i + 1), good.slice(0, i) + String.fromCharCode(good.charCodeAt(i) + 1) + good.slice(i + 1)]) {
        tried++;
        expect(codeOf(() => parseVerifierKey(changed)), changed).toBe('malformed-key');
      }
    }
    expect(tried).toBe(2 * good.length);
  });

  it('reads a vkey whose base64 holds a "+" (as keys often do)', () => {
    const publicKey = new Uint8Array(32).fill(0xfb); // base64 of 0x01 || 0xfb… is "Afv7+/v7…"
    const vkey = formatVerifierKey('example.com/plus', SIGNATURE_TYPE.ed25519, publicKey);
    expect(vkey.split('+').length).toBeGreaterThan(3);
    expect(parseVerifierKey(vkey).publicKey).toEqual(publicKey);
  });

  it('verifies the C2SP signed-note example with its vkey', () => {
    const opened = openNote(vectors.c2spSignedNote.signed, [verifierOf(vectors.c2spSignedNote.vkey)]);
    expect(opened.text).toBe('This is an example message.\n');
  });
});

describe('C2SP checkpoints (Go sumdb/tlog vectors)', () => {
  it('formats and parses the published tree note; its root is the RFC 6962 leaf hash of "hello world"', () => {
    const root = leafHash(new TextEncoder().encode(vectors.goTree.recordText));
    const checkpoint = { origin: 'go.sum database tree', size: vectors.goTree.size, root, extensions: [] };
    expect(formatCheckpoint(checkpoint)).toBe(vectors.goTree.checkpointText);
    expect(parseCheckpoint(vectors.goTree.checkpointText)).toEqual(checkpoint);
  });

  it('refuses the malformed tree notes, leading zeros and empty lines', () => {
    const good = vectors.goTree.checkpointText;
    const bad = [...vectors.goTree.badCheckpointTexts, good.replace('\n1234', '\n01234'), good.slice(0, -1), `${good}\n`, good.replace('go.sum database tree', '')];
    expect(bad.map((text) => codeOf(() => parseCheckpoint(text)))).toEqual(bad.map(() => 'malformed-checkpoint'));
  });
});

describe('C2SP tlog-cosignature (the specification example)', () => {
  it('reads the witness cosignature: its key name, key ID and the time it states', () => {
    const note = parseNote(vectors.c2spCosignature.note);
    const witness = note.signatures.find((s) => s.name === vectors.c2spCosignature.witnessName)!;
    expect(cosignatureTime(witness.signature)).toBe(vectors.c2spCosignature.time);
    expect(cosignatureMessage(note.text, vectors.c2spCosignature.time)).toBe(vectors.c2spCosignature.signedMessage);
  });
});
