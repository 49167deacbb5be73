import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { checkLegalSignature } from '../../cli/legal-signature.ts';
import type { RawEvent } from '../../ledger/store.ts';
import { verify } from '../../ledger/verify.ts';
import { LEGAL_VECTORS_FILE } from '../vectors/make-legal-vectors.ts';

interface LegalVectors {
  statement: string;
  certificates: Record<string, string>;
  cases: Array<{ name: string; ndjson: string; ca: string[]; expect: { seq: number; ok: boolean; root?: string | null; code?: string } }>;
}

const vectors = JSON.parse(readFileSync(LEGAL_VECTORS_FILE, 'utf8')) as LegalVectors;
const linesOf = (base64: string) => Buffer.from(base64, 'base64').toString('utf8').trim().split('\n');
const records = (base64: string): RawEvent[] => linesOf(base64).map((line, i) => ({ value: JSON.parse(line), line, where: { line: i + 1, byte: 0 } }));
const authoritiesOf = (names: string[]) => names.map((name) => new X509Certificate(vectors.certificates[name]!));
const NOW = () => new Date('2022-01-01T00:00:00Z');

/** An independent reading of one case: `canonicalize`, node:crypto's X.509 and signature check, nothing of the program's. */
function independently(c: LegalVectors['cases'][number]): { ok: boolean; code?: string; root?: string | null } {
  const enrolment = JSON.parse(linesOf(c.ndjson)[c.expect.seq - 1]!) as { at: string; data: { key: string; publicKey: string; person: unknown; legal: { certificate: string; value: string } } };
  const { data } = enrolment;
  const statement = canonicalize({ type: 'cchc-key-request', publicKey: data.publicKey, fingerprint: data.key, person: data.person })!;
  const certificate = new X509Certificate(Buffer.from(data.legal.certificate, 'base64'));
  if (!verifySignature('sha256', Buffer.from(statement, 'utf8'), certificate.publicKey, Buffer.from(data.legal.value, 'hex'))) return { ok: false, code: 'signature' };
  if (c.ca.length === 0) return { ok: true, root: null };
  let current = certificate;
  for (const authorities = authoritiesOf(c.ca); ; ) {
    if (current.checkIssued(current) && current.verify(current.publicKey)) return authorities.some((a) => a.fingerprint256 === current.fingerprint256) ? { ok: true, root: current.subject.split('\n').join(', ') } : { ok: false, code: 'chain' };
    const issuer = authorities.find((a) => a.ca && current.checkIssued(a) && current.verify(a.publicKey));
    if (!issuer) return { ok: false, code: 'chain' };
    current = issuer;
  }
}

describe('legal signature test vectors (test/vectors/legal-signature.json)', () => {
  it('the statement signed is the RFC 8785 JSON of the member\'s enrolment request, as the good ledger enrolls it', () => {
    const { data } = JSON.parse(linesOf(vectors.cases[0]!.ndjson)[2]!) as { data: { key: string; publicKey: string; person: unknown } };
    expect(canonicalize({ type: 'cchc-key-request', publicKey: data.publicKey, fingerprint: data.key, person: data.person })).toBe(vectors.statement);
  });

  for (const c of vectors.cases) {
    it(`"${c.name}": the chain is intact, and seq ${c.expect.seq}'s legal signature ${c.expect.ok ? 'holds' : `fails (${c.expect.code})`}, by an independent check and by cchc's`, async () => {
      const result = await verify(records(c.ndjson), { now: NOW });
      expect(result).toMatchObject({ ok: true, format: 2 });
      if (!result.ok) return;
      expect(independently(c)).toEqual(c.expect.ok ? { ok: true, root: c.expect.root } : { ok: false, code: c.expect.code });
      const [check, ...others] = (result.keys ?? []).flatMap((key) => (key.legal ? [checkLegalSignature({ ...key, legal: key.legal }, c.ca.length ? authoritiesOf(c.ca) : null)] : []));
      expect(others).toEqual([]);
      expect(check!.seq).toBe(c.expect.seq);
      if (c.expect.ok) {
        expect(check!.problem).toBeUndefined();
        expect(check).toMatchObject({ nameMatches: true, chain: c.expect.root ? { root: c.expect.root } : null });
      } else {
        expect(check!.problem?.code).toBe(c.expect.code);
      }
    });
  }
});
