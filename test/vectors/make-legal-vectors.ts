/**
 * Test vectors for the link to the legal signature (chữ ký số) of a key enrolment
 * (test/vectors/legal-signature.json): a signed ledger whose third event enrolls a member's key with
 * the decision assigning them and their certificate's signature over the key's enrolment request,
 * the CA certificates to check it against, and the cases a verifier must answer (good, and bad: a
 * signature over another key, another certificate, a missing CA certificate, another root).
 * Not reproducible byte for byte: the test PKI (RSA-2048, SHA-256) is made afresh by openssl each
 * time, and only its certificates are kept (its private keys are thrown away). The committed file is
 * the reference; the test checks it by an independent computation and against `cchc verify`'s code.
 * Regenerate with `node --import tsx test/vectors/make-legal-vectors.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '#digest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { enrolmentStatement } from '../../ledger/enrolment-request.ts';
import type { EventDraft, LegalSignature, LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { makeTestPki } from '../support/test-certificates.ts';
import { ADMIN, MEMBER, PLAN } from './make-vectors.ts';

const seedOf = (label: string) => sha256Hex(`cchc legal signature vector key: ${label}`);
const SEEDS = { admin: seedOf('admin'), member: seedOf('member') };
const LEDGER_ID = '5b1f7c2e-9d43-4e0a-8f61-3c2d7a9e4b10';
const DECISION = { kind: 'Quyết định', number: '12/QĐ-STP', date: '2021-01-05', issuer: 'Sở Tư pháp tỉnh Bến Tre' };

/** The ledger: the administrator's own key, the plan, the member's key enrolled with `legal`. */
async function ledgerWith(legal: LegalSignature): Promise<LedgerEvent[]> {
  const admin = signerOfSeed(Buffer.from(SEEDS.admin, 'hex'));
  const member = signerOfSeed(Buffer.from(SEEDS.member, 'hex'));
  const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2021-12-31T00:00:00.000Z') });
  const drafts: EventDraft[] = [
    { type: 'key.enrolled', id: LEDGER_ID, at: '2021-01-04T01:00:00.000Z', actor: ADMIN, data: { key: admin.fingerprint, publicKey: admin.publicKey, person: ADMIN, role: 'admin' } },
    { type: 'plan.imported', id: `${LEDGER_ID}-plan`, at: '2021-01-04T01:00:01.000Z', actor: ADMIN, data: PLAN },
    {
      type: 'key.enrolled',
      id: `${LEDGER_ID}-key-2`,
      at: '2021-01-06T02:00:00.000Z',
      actor: ADMIN,
      data: { key: member.fingerprint, publicKey: member.publicKey, person: MEMBER, role: 'member', decision: DECISION, legal },
    },
  ];
  const events: LedgerEvent[] = [];
  for (const draft of drafts) events.push(...(await ledger.append(draft, { signer: admin })));
  return events;
}

const der = (pemFile: string) => Buffer.from(readFileSync(pemFile, 'latin1').replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
const ndjson = (events: LedgerEvent[]) => Buffer.from(events.map((e) => storedLine(e) + '\n').join(''), 'utf8').toString('base64');

export async function makeLegalVectors(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-legal-vectors-'));
  try {
    const pki = await makeTestPki(dir, 'Trần Văn Bình');
    const admin = signerOfSeed(Buffer.from(SEEDS.admin, 'hex'));
    const member = signerOfSeed(Buffer.from(SEEDS.member, 'hex'));
    const statementOf = (s: typeof admin, person: typeof ADMIN) => enrolmentStatement({ key: s.fingerprint, publicKey: s.publicKey, person });
    const sign = (key: string, text: string) => {
      const file = join(dir, 'statement');
      writeFileSync(file, text);
      return execFileSync('openssl', ['dgst', '-sha256', '-sign', key, file]).toString('hex');
    };
    const statement = statementOf(member, MEMBER);
    const certificate = der(pki.person.certificate).toString('base64');
    const good: LegalSignature = { alg: 'RSA-SHA256', certificate, value: sign(pki.person.key, statement) };
    const pem = (file: string) => readFileSync(file, 'utf8');
    const authorities = { root: pem(pki.root.certificate), provider: pem(pki.provider.certificate), otherRoot: pem(pki.otherRoot.certificate) };
    const goodLedger = ndjson(await ledgerWith(good));
    const chainRoot = 'C=VN, O=Test NEAC, CN=Test Vietnam National Root CA';
    return {
      about:
        'CCHC ledger: test vectors of the link from an enrolled key to its person\'s legal digital signature (chữ ký số). Event seq 3 (key.enrolled) carries data.legal: the X.509 certificate (DER, base64), alg RSA-SHA256 (RSASSA-PKCS1-v1_5 over SHA-256), and the signature (hex) over the statement: the RFC 8785 JSON of {type:"cchc-key-request", publicKey, fingerprint (= data.key), person}. Every ledger here is an intact signed chain (format 2); "expect" is what checking seq 3\'s legal signature must give with the CA certificates named ("ca"; none: the chain is not checked). A chain ends at a self-signed certificate among those given, each link issued and signed by the next and valid at the enrolment\'s "at". Revocation is not part of it.',
      ledgerId: LEDGER_ID,
      keys: [
        { role: 'admin', person: ADMIN, seed: SEEDS.admin, publicKey: admin.publicKey, fingerprint: admin.fingerprint },
        { role: 'member', person: MEMBER, seed: SEEDS.member, publicKey: member.publicKey, fingerprint: member.fingerprint },
      ],
      statement,
      certificates: authorities,
      cases: [
        { name: 'good', why: 'the person\'s certificate signed the statement; it chains through the provider\'s CA to the root', ndjson: goodLedger, ca: ['root', 'provider'], expect: { seq: 3, ok: true, root: chainRoot } },
        { name: 'good-chain-not-checked', why: 'no CA certificate given: the signature and the validity are checked, the chain is not', ndjson: goodLedger, ca: [], expect: { seq: 3, ok: true, root: null } },
        { name: 'missing-provider-ca', why: 'the root alone: no certificate given issued the person\'s', ndjson: goodLedger, ca: ['root'], expect: { seq: 3, ok: false, code: 'chain' } },
        { name: 'other-root', why: 'another root and the provider\'s CA: the provider\'s CA does not chain to that root', ndjson: goodLedger, ca: ['otherRoot', 'provider'], expect: { seq: 3, ok: false, code: 'chain' } },
        {
          name: 'signature-over-another-key',
          why: 'the person\'s certificate signed the administrator\'s enrolment statement, not this key\'s',
          ndjson: ndjson(await ledgerWith({ ...good, value: sign(pki.person.key, statementOf(admin, ADMIN)) })),
          ca: ['root', 'provider'],
          expect: { seq: 3, ok: false, code: 'signature' },
        },
        {
          name: 'another-certificate',
          why: 'the signature is the person\'s but the certificate carried is the provider CA\'s',
          ndjson: ndjson(await ledgerWith({ ...good, certificate: der(pki.provider.certificate).toString('base64') })),
          ca: ['root', 'provider'],
          expect: { seq: 3, ok: false, code: 'signature' },
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const LEGAL_VECTORS_FILE = fileURLToPath(new URL('./legal-signature.json', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(LEGAL_VECTORS_FILE, JSON.stringify(await makeLegalVectors(), null, 2) + '\n');
  process.stdout.write(`${LEGAL_VECTORS_FILE}\n`);
}
