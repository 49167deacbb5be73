import { mkdtempSync, statSync, readFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const SAMPLE = fileURLToPath(new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url));
const AN = ['--actor', 'Nguyễn Thị An', '--unit', 'Sở Nội vụ'];
const BINH = ['--actor', 'Trần Văn Bình', '--unit', 'Sở Tư pháp'];

describe('cchc key: a signed ledger from the command line', () => {
  it('makes keys, imports as first administrator, enrolls, records signed, revokes, and verify and log show the signers', { timeout: 600_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-keys-'));
    const [an, binh, ledger] = [join(dir, 'an.key'), join(dir, 'binh.key'), join(dir, 'so.ndjson')];
    const made = runCli(['key', 'new', '--name', 'Nguyễn Thị An', '--unit', 'Sở Nội vụ', '--out', an]);
    expect(made.code).toBe(0);
    expect(statSync(an).mode & 0o777).toBe(0o600);
    expect(readFileSync(an, 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    expect(runCli(['key', 'new', '--name', 'Nguyễn Thị An', '--unit', 'Sở Nội vụ', '--out', an]).code).toBe(2); // never overwritten
    expect(runCli(['key', 'new', '--name', 'Trần Văn Bình', '--unit', 'Sở Tư pháp', '--out', binh]).code).toBe(0);
    const request = JSON.parse(readFileSync(`${binh}.request.json`, 'utf8'));
    expect(made.stdout).toContain(JSON.parse(readFileSync(`${an}.request.json`, 'utf8')).fingerprint);

    expect(runCli(['import', SAMPLE, '--ledger', ledger, ...AN, '--key', an]).code).toBe(0);
    // Bình's key is not enrolled yet: his record is refused, and nothing is written.
    const early = runCli(['record', ledger, '--item', '1.1', '--status', 'done', ...BINH, '--key', binh]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('signature');
    // Only an administrator enrolls.
    expect(runCli(['key', 'enroll', ledger, '--request', `${binh}.request.json`, '--key', binh]).code).toBe(1);
    expect(runCli(['key', 'enroll', ledger, '--request', `${binh}.request.json`, '--key', an]).code).toBe(0);
    const record = runCli(['record', ledger, '--item', '1.1', '--status', 'done', ...BINH], { env: { CCHC_KEY: binh } });
    expect(record.stderr).toBe('');
    expect(record.code).toBe(0);
    // A key file others can read is refused.
    chmodSync(binh, 0o644);
    expect(runCli(['record', ledger, '--item', '1.2', '--status', 'done', ...BINH, '--key', binh]).stderr).toContain('chmod 600');
    chmodSync(binh, 0o600);

    expect(runCli(['key', 'revoke', ledger, '--fingerprint', request.fingerprint.slice(0, 12), '--reason', 'Chuyển công tác', '--key', an]).code).toBe(0);
    expect(runCli(['record', ledger, '--item', '1.2', '--status', 'done', ...BINH, '--key', binh]).code).toBe(1);

    const verified = runCli(['verify', ledger]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Format 2: a signed ledger');
    expect(verified.stdout).toContain('Trần Văn Bình (Sở Tư pháp), ghi nhận / member, thu hồi từ / revoked from');
    const listed = runCli(['key', 'list', ledger, '--json']);
    expect(JSON.parse(listed.stdout).map((k: { role: string }) => k.role)).toEqual(['admin', 'member']);
    const log = runCli(['log', ledger]);
    expect(log.stdout).toMatch(/Trần Văn Bình \(Sở Tư pháp\) \[khóa [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}\]/);
  });
});
