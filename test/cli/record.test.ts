import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { runCli } from '../support/run-cli.ts';
import { importDraft } from '../support/sample-plan.ts';

let file: string;

beforeEach(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'cchc-record-')), 'ledger.ndjson');
  const store = await NdjsonStore.open(file);
  await (await Ledger.open(store)).append(importDraft());
  await store.close();
});

const who = ['--actor', 'Lê Văn Cường', '--unit', 'Sở Nội vụ'];
const lines = () => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('cchc record and cchc void', () => {
  it('records status, evidence and note as one event each, with a Vietnamese status label and a dd/mm/yyyy date', () => {
    const r = runCli(['record', file, '--item', 'I.1', '--status', 'Hoàn thành', '--effective', '15/03/2021', '--evidence', 'Báo cáo số 45/BC-SNV ngày 15/03/2021', ...who]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [, status, evidence] = lines();
    expect(status).toMatchObject({ seq: 2, type: 'status.changed', data: { item: 'I.1', status: 'done', effective: '2021-03-15' }, actor: { name: 'Lê Văn Cường' } });
    expect(evidence).toMatchObject({ seq: 3, type: 'evidence.attached', data: { document: { kind: 'Báo cáo', number: '45/BC-SNV', date: '2021-03-15' } } });
    const note = runCli(['record', file, '--item', 'I.2', '--note', 'Đang chờ góp ý', '--percent', '40', '--effective', '2021-03-16', ...who]);
    expect(note.code).toBe(0);
    expect(lines()[3]).toMatchObject({ type: 'progress.noted', data: { note: 'Đang chờ góp ý', percent: 40 } });
  });

  it('refuses a forbidden change with the rule, the item and field, and leaves the file unchanged', () => {
    runCli(['record', file, '--item', 'I.1', '--status', 'done', '--effective', '2021-03-15', ...who]);
    const before = readFileSync(file);
    const r = runCli(['record', file, '--item', 'I.1', '--status', 'in_progress', '--effective', '2021-03-20', ...who]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cần ghi rõ lý do');
    expect(r.stderr).toContain('item I.1, field note');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('records an evidence address, and refuses one that is not https in both languages, with exit code 2', () => {
    const link = 'https://snv.sharepoint.com/sites/cchc/Bao-cao-45.pdf';
    expect(runCli(['record', file, '--item', 'I.1', '--evidence', `Báo cáo số 45/BC-SNV ngày 15/03/2021 ${link}`, ...who]).code).toBe(0);
    expect(lines()[1]).toMatchObject({ type: 'evidence.attached', data: { document: { number: '45/BC-SNV', link } } });
    const before = readFileSync(file);
    const r = runCli(['record', file, '--item', 'I.1', '--evidence', 'Báo cáo javascript:alert(1)', ...who]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('không phải địa chỉ https');
    expect(r.stderr).toContain('not an https address');
    expect(readFileSync(file)).toEqual(before);
  });

  it('says what is wrong with bad usage, with exit code 2', () => {
    expect(runCli(['record', file, '--item', 'I.1', ...who]).code).toBe(2);
    const badStatus = runCli(['record', file, '--item', 'I.1', '--status', 'xong', ...who]);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('Hoàn thành');
    expect(runCli(['record', file, '--item', 'I.1', '--status', 'done', '--effective', '31/02/2021', ...who]).code).toBe(2);
  });

  it('voids an event by its seq, and refuses to void it twice', () => {
    runCli(['record', file, '--item', 'I.1', '--status', 'done', '--effective', '2021-03-15', ...who]);
    const r = runCli(['void', file, '--event', '2', '--reason', 'Nhầm nhiệm vụ', ...who]);
    expect(r.code).toBe(0);
    expect(lines()[2]).toMatchObject({ type: 'event.voided', data: { event: lines()[1].id, reason: 'Nhầm nhiệm vụ' } });
    const again = runCli(['void', file, '--event', lines()[1].id, '--reason', 'x', ...who]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already-voided');
  });
});
