import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { LEDGER_SHEET_NAME } from '../../ledger/stores/sheet-rows.ts';
import { loadWorkbook, workbookBytes, writeLedgerSheet } from '../../templates/workbook-ledger/workbook-ledger.ts';
import { sampleEvents } from '../stores/sample-events.ts';
import { runCli } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'cchc-verify-cli-'));
const events = sampleEvents(12, { items: 10 });
const lines = events.map((e) => JSON.stringify(e) + '\n');
const head = events[11]!.hash;

function ledgerFile(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('cchc verify', () => {
  it('says the chain is intact, with count and head, and exits 0', () => {
    const { code, stdout } = runCli(['verify', ledgerFile('ok.ndjson', lines.join(''))]);
    expect(code).toBe(0);
    expect(stdout).toContain('Chuỗi hợp lệ: 12 ghi nhận');
    expect(stdout).toContain('Chain intact: 12 events');
    expect(stdout).toContain(head);
  });

  it('names the first bad event, where it is and what is wrong, in Vietnamese and English, and exits 1', () => {
    const tampered = [...lines];
    tampered[4] = tampered[4]!.replace(/"at":"([^"]+)"/, '"at":"2021-01-04T01:01:21.000Z"');
    const file = ledgerFile('tampered.ndjson', tampered.join(''));
    const byte = Buffer.byteLength(lines.slice(0, 4).join(''));
    const { code, stdout } = runCli(['verify', file]);
    expect(code).toBe(1);
    expect(stdout).toContain(`Ghi nhận hỏng đầu tiên: số 5 (tệp ${file}, dòng 5, byte ${byte})`);
    expect(stdout).toContain(`First bad event: seq 5 (file ${file}, line 5, byte ${byte})`);
    expect(stdout).toContain('Lỗi [hash]: Mã băm của ghi nhận số 5 không khớp nội dung');
    expect(stdout).toContain('4 events before it are intact');

    const json = JSON.parse(runCli(['verify', file, '--json']).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ ok: false, code: 'hash', seq: 5, where: { file, line: 5, byte }, countBeforeProblem: 4, tornTail: null });
  });

  it('checks the recording rules unless told --no-rules', () => {
    // A second plan import, properly chained and sealed: only the rules refuse it.
    const again = sampleEvents(1, { idPrefix: 'again-', start: '2021-02-01T00:00:00.000Z' }, { seq: 12, hash: head });
    const file = ledgerFile('two-plans.ndjson', lines.join('') + JSON.stringify(again[0]) + '\n');
    const checked = runCli(['verify', file]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('Lỗi [rule]');
    const chainOnly = runCli(['verify', file, '--no-rules']);
    expect(chainOnly.code).toBe(0);
    expect(chainOnly.stdout).toContain('Chain intact: 13 events');
    expect(chainOnly.stdout).toContain('--no-rules');
  });

  it('reports a torn tail and points to cchc repair, which moves it aside', () => {
    const file = ledgerFile('torn.ndjson', lines.join('') + lines[0]!.slice(0, 40));
    const verified = runCli(['verify', file]);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain(`cchc repair ${file}`);
    expect(verified.stdout).toContain('dòng cuối bị cắt dở');

    const repaired = runCli(['repair', file]);
    expect(repaired.code).toBe(0);
    const moved = /sang tệp (\S+)\.\n/.exec(repaired.stdout)?.[1];
    expect(moved).toBeDefined();
    expect(readFileSync(moved!, 'utf8')).toBe(lines[0]!.slice(0, 40));
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    expect(repaired.stdout).toContain('kết thúc ở ghi nhận số 12');
    expect(runCli(['verify', file]).code).toBe(0);

    const again = runCli(['repair', file]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('không có gì để sửa');
  });

  it('checks an issued report anchor: truncation exits 1, bad syntax and a missing file argument exit 2', () => {
    const file = ledgerFile('anchored.ndjson', lines.join(''));
    expect(runCli(['verify', file, '--anchor', `8:${events[7]!.hash}`])).toMatchObject({ code: 0 });
    const truncated = runCli(['verify', ledgerFile('short.ndjson', lines.slice(0, 6).join('')), '--anchor', `8:${events[7]!.hash}`]);
    expect(truncated.code).toBe(1);
    expect(truncated.stdout).toContain('đã bị cắt bớt');
    const bad = runCli(['verify', file, '--anchor', '8-abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SỐ:MÃ_BĂM');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(runCli(['verify']).code).toBe(2);
    expect(runCli(['verify', join(dir, 'missing.ndjson')]).code).toBe(2);
  });

  describe('on a workbook holding the ledger sheet', () => {
    let book: string;
    beforeAll(async () => {
      const workbook = new ExcelJS.Workbook();
      workbook.addWorksheet('Phụ lục').getCell('A1').value = 'STT';
      await writeLedgerSheet(workbook, events);
      book = join(dir, 'so-theo-doi.xlsx');
      writeFileSync(book, await workbookBytes(workbook));
    });

    it('verifies it like a file', () => {
      const { code, stdout } = runCli(['verify', book]);
      expect(code).toBe(0);
      expect(stdout).toContain(head);
    });

    it('cites the sheet row of a bad event', async () => {
      const workbook = await loadWorkbook(readFileSync(book));
      const cell = workbook.getWorksheet(LEDGER_SHEET_NAME)!.getCell('C8');
      cell.value = String(cell.value).replace('"v":1', '"v":1 ');
      const edited = join(dir, 'edited.xlsx');
      writeFileSync(edited, await workbookBytes(workbook));
      const withSpace = runCli(['verify', edited]);
      // A space changes the bytes but not the JSON value: still intact, because the hash is over canonical JSON.
      expect(withSpace.code).toBe(0);
      cell.value = String(cell.value).replace(/"seq":7/, '"seq":70');
      writeFileSync(edited, await workbookBytes(workbook));
      const { code, stdout } = runCli(['verify', edited]);
      expect(code).toBe(1);
      expect(stdout).toContain(`trang ${LEDGER_SHEET_NAME}, dòng 8`);
      expect(stdout).toContain(`sheet ${LEDGER_SHEET_NAME}, row 8`);
    });

    it('refuses a workbook without the ledger sheet, and repair on a workbook', async () => {
      const plain = new ExcelJS.Workbook();
      plain.addWorksheet('Phụ lục');
      const file = join(dir, 'plain.xlsx');
      writeFileSync(file, await workbookBytes(plain));
      const { code, stderr } = runCli(['verify', file]);
      expect(code).toBe(1);
      expect(stderr).toContain(LEDGER_SHEET_NAME);
      expect(runCli(['repair', book]).code).toBe(2);
    });
  });
});

describe('cchc log', () => {
  it('prints one line per event in Vietnam time, with Vietnamese labels, voids marked, and filters by item', async () => {
    const file = join(dir, 'history.ndjson');
    writeFileSync(file, lines.slice(0, 3).join(''));
    const store = await NdjsonStore.open(file);
    const ledger = await Ledger.open(store, { clock: () => new Date('2021-03-01T09:00:00.000Z') });
    const [change] = await ledger.append({
      type: 'status.changed',
      actor: { name: 'Trần Văn Bình', unit: 'Sở Tư pháp' },
      at: '2021-02-28T17:30:00.000Z',
      data: { item: 'III.1', status: 'done', effective: '2021-02-26', note: 'Đã ban hành Quyết định' },
    });
    await ledger.append({
      type: 'event.voided',
      actor: { name: 'Trần Văn Bình', unit: 'Sở Tư pháp' },
      at: '2021-03-01T02:00:00.000Z',
      data: { event: change!.id, reason: 'Nhầm nhiệm vụ' },
    });

    const { code, stdout } = runCli(['log', file]);
    expect(code).toBe(0);
    // Each line starts with the seq and the short hash that `void --event` takes.
    const out = stdout.trimEnd().split('\n').map((l) => l.replace(/^(#\d+) [0-9a-f]{12} \|/, '$1 |'));
    expect(out[0]).toContain('5 ghi nhận');
    expect(out).toHaveLength(6);
    expect(out[1]).toMatch(/^#1 \| 04\/01\/2021 08:00 \| .+ \| Nhập kế hoạch \| /);
    // 17:30 UTC on 28 February is 00:30 on 1 March in Vietnam.
    expect(out[4]).toBe(
      '#4 | 01/03/2021 00:30 | Trần Văn Bình (Sở Tư pháp) | Cập nhật trạng thái | III.1 | Chưa thực hiện → Hoàn thành | hiệu lực 26/02/2021 | ghi chú: Đã ban hành Quyết định | [ĐÃ HỦY bởi #5]',
    );
    expect(out[5]).toMatch(/^#5 \| 01\/03\/2021 09:00 \| .* \| Hủy bỏ ghi nhận sai \| III\.1 \| Hủy ghi nhận số 4 .*ghi chú: Nhầm nhiệm vụ$/);

    const only = runCli(['log', file, '--item', 'III.1']).stdout.trimEnd().split('\n');
    expect(only.slice(1).map((l) => l.split(' ')[0])).toEqual(['#4', '#5']);

    const json = runCli(['log', file, '--json']).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json).toHaveLength(5);
    expect(json[3]).toMatchObject({ seq: 4, when: '01/03/2021 00:30', voided: true, typeLabel: 'Cập nhật trạng thái', item: 'III.1' });
  });

  it('shows what it can read and exits 1 at an unreadable record', () => {
    const file = ledgerFile('broken-log.ndjson', lines.slice(0, 4).join('') + 'garbage\n' + lines.slice(4).join(''));
    const { code, stdout, stderr } = runCli(['log', file]);
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toHaveLength(5);
    expect(stderr).toContain('dòng 5');
    expect(existsSync(file)).toBe(true);
  });
});
