import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliAsync } from '../support/run-cli.ts';
import { makeTestPki, signFile, type TestPki } from '../support/test-certificates.ts';

const SAMPLE = new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url).pathname;
const AN = ['--actor', 'Nguyễn Thị An', '--unit', 'Sở Nội vụ'];
const DECISION = 'Quyết định số 12/QĐ-STP ngày 05/01/2021';

let dir: string;
let pki: TestPki;
let an: string;
let binh: string;
let ledger: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cchc-legal-'));
  pki = await makeTestPki(join(dir, 'pki'), 'TRAN VAN BINH'); // as some providers print names: capitals, no diacritics
  an = join(dir, 'an.key');
  binh = join(dir, 'binh.key');
  ledger = join(dir, 'so.ndjson');
  expect((await runCliAsync(['key', 'new', '--name', 'Nguyễn Thị An', '--unit', 'Sở Nội vụ', '--out', an])).code).toBe(0);
  expect((await runCliAsync(['key', 'new', '--name', 'Trần Văn Bình', '--unit', 'Sở Tư pháp', '--out', binh])).code).toBe(0);
  expect((await runCliAsync(['import', SAMPLE, '--ledger', ledger, ...AN, '--key', an])).code).toBe(0);
}, 300_000);

describe('an enrolment linked to the person\'s legal signature (chữ ký số)', () => {
  it('is refused when the signature is not over this key\'s request, or comes without its certificate; nothing is recorded', () => {
    const before = readFileSync(ledger);
    // Bình's certificate signs An's request: a signature, but not over the key being enrolled.
    const wrong = signFile(pki.person.key, `${an}.request.json`, join(dir, 'wrong.sig'));
    const refused = runCli(['key', 'enroll', ledger, '--request', `${binh}.request.json`, '--legal-signature', wrong, '--certificate', pki.person.certificate, '--key', an]);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain("the certificate's key did not sign this key's enrolment request");
    expect(refused.stderr).toContain('không ghi gì');
    const alone = runCli(['key', 'enroll', ledger, '--request', `${binh}.request.json`, '--legal-signature', wrong, '--key', an]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--legal-signature and --certificate go together');
    expect(readFileSync(ledger).equals(before)).toBe(true);
  }, 120_000);

  it('records the decision and the certificate; verify checks the signature always and the chain to the root given with --ca', () => {
    const signature = signFile(pki.person.key, `${binh}.request.json`, join(dir, 'binh.sig'));
    const enrolled = runCli(['key', 'enroll', ledger, '--request', `${binh}.request.json`, '--decision', DECISION, '--legal-signature', signature, '--certificate', pki.person.certificate, '--key', an]);
    expect(enrolled.code, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toContain('legal signature of Trần Văn Bình (seq 3): hợp lệ / valid — C=VN, O=Sở Tư pháp, CN=TRAN VAN BINH');
    const event = JSON.parse(readFileSync(ledger, 'utf8').trim().split('\n').at(-1)!);
    expect(event.data.decision).toEqual({ kind: 'Quyết định', number: '12/QĐ-STP', date: '2021-01-05' });
    expect(event.data.legal).toMatchObject({ alg: 'RSA-SHA256', certificate: expect.stringMatching(/^MII/), value: expect.stringMatching(/^[0-9a-f]{512}$/) });

    const plain = runCli(['verify', ledger]);
    expect(plain.code, plain.stdout + plain.stderr).toBe(0);
    expect(plain.stdout).toContain('Legal signatures: 1 key enrolments carry a valid legal signature (certificate revocation not checked).');
    expect(plain.stdout).toContain('chain not checked (no --ca)');
    expect(plain.stdout).not.toContain('the name on the certificate differs'); // TRAN VAN BINH is Trần Văn Bình

    const chained = runCli(['verify', ledger, '--ca', pki.root.certificate, pki.provider.certificate]);
    expect(chained.code, chained.stdout + chained.stderr).toBe(0);
    expect(chained.stdout).toContain('chain to the root: C=VN, O=Test NEAC, CN=Test Vietnam National Root CA');

    const json = JSON.parse(runCli(['verify', '--json', ledger, '--ca', pki.root.certificate, pki.provider.certificate]).stdout);
    expect(json.legal).toEqual([expect.objectContaining({ seq: 3, nameMatches: true, chain: { root: 'C=VN, O=Test NEAC, CN=Test Vietnam National Root CA' } })]);
    expect(json.keys[1]).toMatchObject({ person: { name: 'Trần Văn Bình' }, decision: { number: '12/QĐ-STP' } });

    // The root alone (the provider's CA missing), or another root: the chain is not made, exit 1, the chain itself intact.
    for (const ca of [[pki.root.certificate], [pki.otherRoot.certificate, pki.provider.certificate]]) {
      const broken = runCli(['verify', ledger, '--ca', ...ca]);
      expect(broken.code, broken.stdout).toBe(1);
      expect(broken.stdout).toContain('Chain intact');
      expect(broken.stdout).toContain('Legal signatures: 1 of 1 key enrolments FAIL.');
      expect(broken.stdout).toContain('does not chain to a root given (issued by C=VN, O=Test VNPT, CN=Test VNPT-CA SHA-256');
    }
    const notCertificate = runCli(['verify', ledger, '--ca', `${binh}.request.json`]);
    expect(notCertificate.code).toBe(2);
    expect(notCertificate.stderr).toContain('is not an X.509 certificate');
  }, 120_000);
});
