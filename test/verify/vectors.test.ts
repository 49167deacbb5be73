import { createHash, createPrivateKey, createPublicKey, sign, verify as edVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { verify } from '../../ledger/verify.ts';
import type { RawEvent } from '../../ledger/store.ts';
import { makeVectors, VECTORS_FILE } from '../vectors/make-vectors.ts';

interface Vectors {
  ledgerId: string;
  keys: Array<{ seed: string; publicKey: string; fingerprint: string }>;
  events: Array<{ seq: number; signedContent: string; signature: string; publicKey: string; body: string; hash: string; line: string }>;
  ndjson: string;
  bad: Array<{ name: string; expect: { code: string; seq: number }; ndjson: string }>;
}

const vectors = JSON.parse(readFileSync(VECTORS_FILE, 'utf8')) as Vectors;
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const publicKeyObject = (hex: string) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') }, format: 'jwk' });

/** The NDJSON bytes as the file store hands them to verify: one record per line, its text beside its value. */
function records(bytes: Buffer): RawEvent[] {
  const out: RawEvent[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; start = nl + 1, nl = bytes.indexOf(0x0a, start)) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(start, nl));
    const where = { line: out.length + 1, byte: start };
    if (Buffer.compare(Buffer.from(text, 'utf8'), bytes.subarray(start, nl)) !== 0) out.push({ parseError: 'invalid UTF-8', where });
    else out.push({ value: JSON.parse(text), line: text, where });
  }
  return out;
}

describe('format 2 test vectors (test/vectors/format-2.json)', () => {
  it('are what the program writes today (regenerate with node --import tsx test/vectors/make-vectors.ts)', async () => {
    expect(JSON.parse(JSON.stringify(await makeVectors()))).toEqual(vectors);
  });

  it('hold by an independent computation: RFC 8785 by `canonicalize`, SHA-256 and Ed25519 by node:crypto alone', () => {
    for (const key of vectors.keys) {
      const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(key.seed, 'hex')]), format: 'der', type: 'pkcs8' });
      expect(Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url').toString('hex')).toBe(key.publicKey);
      expect(sha256(Buffer.from(key.publicKey, 'hex'))).toBe(key.fingerprint);
    }
    let prev = '0'.repeat(64);
    for (const vector of vectors.events) {
      const event = JSON.parse(vector.line) as Record<string, unknown> & { sig: { key: string; value: string }; hash: string; prev: string };
      const { hash, ...withoutHash } = event;
      expect(canonicalize(withoutHash)).toBe(vector.body);
      expect(vector.line).toBe(`${vector.body.slice(0, -1)},"hash":"${hash}"}`);
      expect(sha256(Buffer.from(vector.body, 'utf8'))).toBe(vector.hash);
      expect(hash).toBe(vector.hash);
      expect(event.prev).toBe(prev);
      prev = hash;
      const content = { actor: event.actor, alg: 'Ed25519', at: event.at, data: event.data, id: event.id, key: event.sig.key, ledger: vectors.ledgerId, type: event.type, v: event.v };
      expect(canonicalize(content)).toBe(vector.signedContent);
      expect(edVerify(null, Buffer.from(vector.signedContent, 'utf8'), publicKeyObject(vector.publicKey), Buffer.from(vector.signature, 'hex'))).toBe(true);
      expect(event.sig.value).toBe(vector.signature);
      // Ed25519 is deterministic: the seed's key signs the same bytes again.
      const seed = vectors.keys.find((k) => k.publicKey === vector.publicKey)!.seed;
      const privateKey = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed, 'hex')]), format: 'der', type: 'pkcs8' });
      expect(sign(null, Buffer.from(vector.signedContent, 'utf8'), privateKey).toString('hex')).toBe(vector.signature);
    }
  });

  it('the good ledger verifies as a signed ledger', async () => {
    const result = await verify(records(Buffer.from(vectors.ndjson, 'base64')), { now: () => new Date('2022-01-01T00:00:00Z') });
    expect(result).toMatchObject({ ok: true, count: vectors.events.length, format: 2 });
  });

  for (const bad of vectors.bad) {
    it(`refuses "${bad.name}" with ${bad.expect.code} at seq ${bad.expect.seq}`, async () => {
      const result = await verify(records(Buffer.from(bad.ndjson, 'base64')), { now: () => new Date('2022-01-01T00:00:00Z') });
      expect(result).toMatchObject({ ok: false, ...bad.expect });
    });
  }
});
