import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { verifyEd25519 } from '#ed25519';
import type { Signer } from '../signed-content.ts';
import { fromBase64, toBase64 } from './base64.ts';
import { TlogError } from './tlog-error.ts';

// C2SP signed-note (c2sp.org/signed-note): a text ending in a newline, a blank line, and one or more
// lines "— <key name> base64(key ID || signature)". Verifiers ignore signatures by keys they do not
// know, reject the note if a known key's signature fails, and require one that verifies.

/** Signature types this program knows: Ed25519 notes, and Ed25519 timestamped cosignatures (c2sp.org/tlog-cosignature). */
export const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04 } as const;

/** Go's note package accepts up to 100 signatures; the spec asks for at least 16. */
const MAX_SIGNATURES = 100;
const EM_DASH = '\u2014';
const PUBLIC_KEY_SIZE = 32;

export interface NoteSignature {
  name: string;
  /** The key ID: the first 4 bytes of the decoded signature, big-endian. */
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Uint8Array;
  /** The whole line, newline included, as it was read. */
  line: string;
}

export interface ParsedNote {
  /** The signed text, final newline included. */
  text: string;
  signatures: NoteSignature[];
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  verify(text: string, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  name: string;
  keyId: number;
  sign(text: string): Promise<Uint8Array>;
}

export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian. */
export function keyIdOf(name: string, type: number, publicKey: Uint8Array): number {
  const nameBytes = utf8ToBytes(name);
  const input = new Uint8Array(nameBytes.length + 2 + publicKey.length);
  input.set(nameBytes);
  input[nameBytes.length] = 0x0a;
  input[nameBytes.length + 1] = type;
  input.set(publicKey, nameBytes.length + 2);
  const hash = sha256(input);
  return new DataView(hash.buffer, hash.byteOffset, 4).getUint32(0);
}

const hex8 = (keyId: number) => keyId.toString(16).padStart(8, '0');
const malformedKey = (vkey: string, why: string) =>
  new TlogError('malformed-key', `Khóa xác minh "${vkey}" không hợp lệ: ${why}.`, `Verifier key "${vkey}" is not valid: ${why}.`);

/** A verifier key: <name>+<hex key ID>+base64(type || public key). */
export function formatVerifierKey(name: string, type: number, publicKey: Uint8Array): string {
  const material = new Uint8Array(1 + publicKey.length);
  material[0] = type;
  material.set(publicKey, 1);
  return `${name}+${hex8(keyIdOf(name, type, publicKey))}+${toBase64(material)}`;
}

export interface VerifierKey {
  name: string;
  keyId: number;
  type: number;
  publicKey: Uint8Array;
}

/** Parses a vkey of an Ed25519 type (0x01 or 0x04), checking that its key ID is the one its name and key give. */
export function parseVerifierKey(vkey: string): VerifierKey {
  // The name holds no "+", the key ID is 8 hex digits; base64 may itself hold a "+".
  const match = /^([^+]*)\+([^+]*)\+(.*)$/su.exec(vkey);
  if (!match) throw malformedKey(vkey, 'cần ba phần nối bằng "+" / it needs three parts joined by "+"');
  const [, name, id, material] = match as unknown as [string, string, string, string];
  if (!isKeyName(name)) throw malformedKey(vkey, 'tên khóa rỗng hoặc có khoảng trắng / the key name is empty or has spaces');
  if (!/^[0-9a-f]{8}$/.test(id)) throw malformedKey(vkey, 'mã khóa phải là 8 chữ số hex / the key ID must be 8 hex digits');
  const bytes = fromBase64(material);
  if (!bytes || bytes.length !== 1 + PUBLIC_KEY_SIZE) throw malformedKey(vkey, 'khóa công khai phải là 1 + 32 byte / the key material must be 1 + 32 bytes');
  const type = bytes[0]!;
  if (type !== SIGNATURE_TYPE.ed25519 && type !== SIGNATURE_TYPE.cosignatureV1) throw malformedKey(vkey, `loại chữ ký ${type} không được hỗ trợ / signature type ${type} is not supported`);
  const publicKey = bytes.slice(1);
  const keyId = Number.parseInt(id, 16);
  if (keyIdOf(name, type, publicKey) !== keyId) throw malformedKey(vkey, 'mã khóa không khớp với tên và khóa / the key ID does not match the name and key');
  return { name, keyId, type, publicKey };
}

/** The verifier of an Ed25519 note key (type 0x01). */
export function ed25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const publicKeyHex = bytesToHex(publicKey);
  return {
    name,
    keyId: keyIdOf(name, SIGNATURE_TYPE.ed25519, publicKey),
    verify: (text, signature) => signature.length === 64 && verifyEd25519(publicKeyHex, text, bytesToHex(signature)),
  };
}

/** A note signer over one of this program's Ed25519 signers (a key file, a seed). */
export function ed25519NoteSigner(name: string, signer: Signer): NoteSigner {
  if (!isKeyName(name)) throw new RangeError(`not a key name: ${JSON.stringify(name)}`);
  return {
    name,
    keyId: keyIdOf(name, SIGNATURE_TYPE.ed25519, hexToBytes(signer.publicKey)),
    sign: async (text) => hexToBytes(await signer.sign(text)),
  };
}

const malformed = (why: string) => new TlogError('malformed-note', `Ghi chú ký không đúng định dạng: ${why}.`, `Not a well-formed signed note: ${why}.`);

// No ASCII control character but the newline (the spec), and no lone surrogate (not UTF-8).
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\ud800-\udfff]/u;
const SIGNATURE_LINE = /^\u2014 (\S+) (\S+)$/u;

/** Splits a signed note into its text and signature lines, without verifying anything. */
export function parseNote(note: string): ParsedNote {
  if (FORBIDDEN.test(note.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) throw malformed('có ký tự điều khiển hoặc không phải UTF-8 / control characters or not UTF-8');
  if (!note.endsWith('\n')) throw malformed('không kết thúc bằng xuống dòng / it does not end in a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('không có dòng trống trước chữ ký / no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`quá ${MAX_SIGNATURES} chữ ký / more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    const match = SIGNATURE_LINE.exec(line);
    const bytes = match && fromBase64(match[2]!);
    if (!match || !isKeyName(match[1]!) || !bytes || bytes.length <= 4) throw malformed(`dòng chữ ký sai: "${line}" / bad signature line: "${line}"`);
    const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    return { name: match[1]!, keyId, signature: bytes.slice(4), line: `${line}\n` };
  });
  return { text, signatures };
}

/** The signature line of `signature` by the key (name, key ID). */
export function signatureLine(name: string, keyId: number, signature: Uint8Array): string {
  const bytes = new Uint8Array(4 + signature.length);
  new DataView(bytes.buffer).setUint32(0, keyId);
  bytes.set(signature, 4);
  return `${EM_DASH} ${name} ${toBase64(bytes)}\n`;
}

/** Signs a text (ending in a newline) with each signer, in order. */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  if (!text.endsWith('\n') || FORBIDDEN.test(text)) throw malformed('văn bản phải kết thúc bằng xuống dòng, không có ký tự điều khiển / the text must end in a newline, without control characters');
  let note = `${text}\n`;
  for (const signer of signers) note += signatureLine(signer.name, signer.keyId, await signer.sign(text));
  return note;
}

export interface OpenedNote extends ParsedNote {
  /** The signatures by trusted keys, all verified, one per key. */
  verified: NoteSignature[];
  /** The signatures by keys not trusted here, ignored. */
  unverified: NoteSignature[];
}

/**
 * Verifies a signed note against the keys trusted here (c2sp.org/signed-note): unknown keys are
 * ignored; a known key's failing signature rejects the note; at least one must verify.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const parsed = parseNote(note);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const signature of parsed.signatures) {
    const known = verifiers.filter((v) => v.name === signature.name && v.keyId === signature.keyId);
    if (known.length > 1) {
      throw new TlogError('ambiguous-key', `Có hai khóa tin cậy cùng tên và mã ${signature.name}+${hex8(signature.keyId)}.`, `Two trusted keys share the name and ID ${signature.name}+${hex8(signature.keyId)}.`);
    }
    if (known.length === 0) {
      unverified.push(signature);
      continue;
    }
    if (!known[0]!.verify(parsed.text, signature.signature)) {
      throw new TlogError('bad-signature', `Chữ ký của khóa ${signature.name}+${hex8(signature.keyId)} không đúng.`, `The signature by key ${signature.name}+${hex8(signature.keyId)} does not verify.`);
    }
    if (!verified.some((s) => s.name === signature.name && s.keyId === signature.keyId)) verified.push(signature);
  }
  if (verified.length === 0) {
    const names = parsed.signatures.map((s) => `${s.name}+${hex8(s.keyId)}`).join(', ');
    throw new TlogError('unverified-note', `Không có chữ ký nào của khóa tin cậy (có: ${names}).`, `No signature by a trusted key (present: ${names}).`);
  }
  return { ...parsed, verified, unverified };
}
