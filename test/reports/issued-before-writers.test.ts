import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { sha256Hex, sha256HexBytes } from '../../ledger/digest.node.ts';
import { signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { logLeafHash } from '../../ledger/tlog/log-leaf.ts';
import { ed25519NoteSigner, formatVerifierKey, SIGNATURE_TYPE } from '../../ledger/tlog/signed-note.ts';
import { runCliAsync } from '../support/run-cli.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures/issued-before-writers');
const CONFIG = join(import.meta.dirname, '../../samples/bentre-2021-bao-cao.json');
const ORIGIN = 'cchc.test/old-reports';
const logSigner = signerOfSeed(hexToBytes(sha256Hex('cchc test: old reports log key')));
const logKey = formatVerifierKey(ORIGIN, SIGNATURE_TYPE.ed25519, hexToBytes(logSigner.publicKey));

/**
 * A folder holding the exported ledger (events 1–20, then the fixture's report.issued), the report
 * given (or the fixture's own), and its proof in a log of that one event.
 */
async function issued(writer: 'in-memory-zlib' | 'jszip', report: Uint8Array = readFileSync(join(FIXTURES, writer, 'bao-cao-2021-Q1.xlsx'))): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-old-report-'));
  const line = readFileSync(join(FIXTURES, writer, 'report-issued.ndjson'), 'utf8').trim();
  writeFileSync(join(dir, 'so-theo-doi.ndjson'), `${readFileSync(join(FIXTURES, 'events-1-20.ndjson'), 'utf8')}${line}\n`);
  const file = join(dir, 'bao-cao-2021-Q1.xlsx');
  writeFileSync(file, report);
  const leaf = { planId: 'bentre-2021', seq: 21, line };
  const checkpoint = await signCheckpoint({ origin: ORIGIN, size: 1, root: logLeafHash(leaf), extensions: [] }, [ed25519NoteSigner(ORIGIN, logSigner)]);
  const proof = { format: 'cchc-report-proof/v1', report: { name: 'bao-cao-2021-Q1.xlsx', sha256: sha256HexBytes(report) }, logKey, checkpoint, leaf, index: 0, proof: [] };
  writeFileSync(`${file}.log-proof.json`, JSON.stringify(proof));
  return dir;
}

const verifyReport = (dir: string) => runCliAsync(['verify-report', join(dir, 'bao-cao-2021-Q1.xlsx'), '--log-key', logKey, '--ledgers', dir, '--config', CONFIG]);

describe('cchc verify-report on reports anchored before the anchor named its writer', () => {
  it('rebuilds a report of the in-memory writer (before 03/12/2026) byte for byte with that writer', async () => {
    const r = await verifyReport(await issued('in-memory-zlib'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('is the same, byte for byte (exceljs\'s in-memory workbook, deflated by Node\'s zlib');
    expect(r.stdout).toContain('trùng từng byte (bảng tính trong bộ nhớ của exceljs');
  }, 120_000);

  it('a report of a writer no longer here (JSZip) is compared by content and passes, saying the bytes differ only in how the XML was written', async () => {
    const r = await verifyReport(await issued('jszip'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('holds the same content, sheet by sheet');
    expect(r.stdout).toContain('The bytes differ only in how the XML was written and compressed: the file was written by a version of cchc from before 03/12/2026');
    expect(r.stdout).toContain('Các byte khác nhau chỉ ở cách XML được viết và nén');
  }, 120_000);

  it('one cell changed in an old report is refused at that cell', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(FIXTURES, 'jszip', 'bao-cao-2021-Q1.xlsx')));
    // The summary by area (the second sheet): its first count (column C on), one more.
    const sheet = await zip.file('xl/worksheets/sheet2.xml')!.async('string');
    const cell = /<c r="([C-Z]\d+)"(?: s="\d+")?><v>(\d+)<\/v><\/c>/.exec(sheet)!;
    const [whole, address, value] = cell as unknown as [string, string, string];
    zip.file('xl/worksheets/sheet2.xml', sheet.replace(whole, whole.replace(`<v>${value}</v>`, `<v>${Number(value) + 1}</v>`)));
    const tampered = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const dir = await issued('jszip');
    writeFileSync(join(dir, 'bao-cao-2021-Q1.xlsx'), tampered);
    const r = await verifyReport(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the file was changed');
    expect(r.stderr).toContain(`It differs at sheet "Tổng hợp theo lĩnh vực", cell ${address} (cell value): the file holds ${Number(value) + 1}, the report built again from the ledger ${value}.`);
    expect(r.stderr).toContain(`Khác ở trang tính "Tổng hợp theo lĩnh vực", ô ${address} (giá trị)`);
  }, 120_000);
});
