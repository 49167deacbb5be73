import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, signRequest, verifyRequestSignature } from '../../server/protocol/request-signature.ts';
import { newSigner } from './support/service-fixture.ts';

describe('request signatures (server/protocol)', () => {
  const signer = newSigner();
  const request = { method: 'POST', path: '/api/v1/plans/p/events?x=1', body: '{"expected":{}}' };

  it("hold for the request signed, and for no other method, path, body or key", async () => {
    const fields = parseSignatureHeader(await signRequest(signer, request, new Date('2025-03-01T00:00:00Z')))!;
    expect(fields).toMatchObject({ key: signer.fingerprint, created: Date.parse('2025-03-01T00:00:00Z') / 1000 });
    expect(verifyRequestSignature(fields, request, signer.publicKey)).toBe(true);
    expect(verifyRequestSignature(fields, { ...request, body: new TextEncoder().encode(request.body) }, signer.publicKey)).toBe(true);
    expect(verifyRequestSignature(fields, { ...request, method: 'GET' }, signer.publicKey)).toBe(false);
    expect(verifyRequestSignature(fields, { ...request, path: '/api/v1/plans/p/events?x=2' }, signer.publicKey)).toBe(false);
    expect(verifyRequestSignature(fields, { ...request, body: '{"expected":{ }}' }, signer.publicKey)).toBe(false);
    expect(verifyRequestSignature({ ...fields, created: fields.created + 1 }, request, signer.publicKey)).toBe(false);
    expect(verifyRequestSignature(fields, request, newSigner().publicKey)).toBe(false);
  });

  it('a header with a field missing, repeated or malformed is none', () => {
    const good = `key=${'a'.repeat(64)}, created=1700000000, nonce=0f0e0d0c-1111-2222-3333-444455556666, sig=${'b'.repeat(128)}`;
    expect(parseSignatureHeader(good)).not.toBeNull();
    expect(parseSignatureHeader(good.replace(/, sig=\w+/, ''))).toBeNull();
    expect(parseSignatureHeader(`${good}, created=1`)).toBeNull();
    expect(parseSignatureHeader(good.replace('created=1700000000', 'created=-5'))).toBeNull();
    expect(parseSignatureHeader(good.replace(/key=a+/, 'key=XYZ'))).toBeNull();
    expect(parseSignatureHeader(undefined)).toBeNull();
  });

  it('the protocol code imports no Node module: clients in a browser share it', () => {
    for (const file of ['bodies.ts', 'request-signature.ts', 'service-client.ts', 'service-error.ts']) {
      const source = readFileSync(new URL(`../../server/protocol/${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from '(node:|fs|path|crypto)/);
    }
  });
});
