import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { testKeyFile } from '../support/test-key.ts';

// The Bến Tre sample prints its sections I, II, III, VI (sic), V, VI, VII: "VI.1" names two items,
// and its STT skips ("III.4" is the third item of section 3, id 3.3).
const SAMPLE = new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url).pathname;
const who = ['--actor', 'Lê Văn Cường', '--unit', 'Sở Nội vụ', '--key', testKeyFile()];
let imported: string;
let file: string;

beforeAll(() => {
  imported = join(mkdtempSync(join(tmpdir(), 'cchc-refs-')), 'imported.ndjson');
  const r = runCli(['import', SAMPLE, '--ledger', imported, ...who]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), 'cchc-refs-')), 'so.ndjson');
  copyFileSync(imported, file);
});

const events = () => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));

describe('--item: the id or the numbering printed in the sheet', () => {
  it('I.3, 1.3 and " i.3 " name the same item; III.4 the item printed so, whatever its position', () => {
    for (const reference of ['I.3', '1.3', ' i.3 ']) {
      const r = runCli(['record', file, '--item', reference, '--note', `ghi chú ${reference}`, '--effective', '2021-03-01', ...who]);
      expect(r.code, r.stderr).toBe(0);
      expect(events().at(-1).data.item).toBe('1.3');
    }
    expect(runCli(['record', file, '--item', 'III.4', '--note', 'x', '--effective', '2021-03-01', ...who]).code).toBe(0);
    expect(events().at(-1).data.item).toBe('3.3');
  });

  it('a numbering printed twice is refused, naming both items; an unknown one says how to write it', () => {
    const before = readFileSync(file);
    const twice = runCli(['record', file, '--item', 'VI.1', '--status', 'done', '--effective', '2021-03-01', ...who]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/"VI\.1" chỉ nhiều mục theo dõi: 4\.1 \(VI\.1: .+\); 6\.1 \(VI\.1: .+\)/);
    expect(twice.stderr).toMatch(/names several tracked items/);
    const unknown = runCli(['record', file, '--item', 'IX.9', '--status', 'done', '--effective', '2021-03-01', ...who]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Không có mục theo dõi "IX.9"');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('log --item takes the printed numbering too', () => {
    runCli(['record', file, '--item', 'I.3', '--note', 'về I.3', '--effective', '2021-03-01', ...who]);
    runCli(['record', file, '--item', 'I.4', '--note', 'về I.4', '--effective', '2021-03-01', ...who]);
    const log = runCli(['log', file, '--item', 'I.3']);
    expect(log.code, log.stderr).toBe(0);
    expect(log.stdout).toContain('về mục theo dõi 1.3');
    expect(log.stdout).toContain('về I.3');
    expect(log.stdout).not.toContain('về I.4');
  });
});

describe('--event: the seq, the short hash record and log print, or the id', () => {
  it('voids by the short hash record printed, and by the one log prints', () => {
    const recorded = runCli(['record', file, '--item', '1.1', '--status', 'in_progress', '--effective', '2021-03-01', ...who]);
    // seq 1 enrolls the importer's key, seq 2 is the plan.
    const short = /saved: seq 3 status\.changed ([0-9a-f]{12})/.exec(recorded.stdout)?.[1];
    expect(short, recorded.stdout).toBeDefined();
    expect(runCli(['log', file]).stdout).toMatch(new RegExp(`^#3 ${short} \\|`, 'm'));
    const voided = runCli(['void', file, '--event', short!, '--reason', 'Nhầm mục', ...who]);
    expect(voided.code, voided.stderr).toBe(0);
    expect(events().at(-1)).toMatchObject({ type: 'event.voided', data: { event: events()[2].id } });

    runCli(['record', file, '--item', '1.2', '--status', 'in_progress', '--effective', '2021-03-01', ...who]);
    const fromLog = /^#5 ([0-9a-f]{12}) \|/m.exec(runCli(['log', file]).stdout)?.[1];
    expect(runCli(['void', file, '--event', fromLog!.slice(0, 8), '--reason', 'Nhầm', ...who]).code).toBe(0);
    expect(events().at(-1).data.event).toBe(events()[4].id);
  });

  it('an event that is not there: exit 2, how to name one', () => {
    const r = runCli(['void', file, '--event', 'abcdef012345', '--reason', 'x', ...who]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Không tìm thấy ghi nhận "abcdef012345"');
    expect(r.stderr).toContain('the short hash "cchc log" prints');
  });
});

describe('record --evidence without --effective', () => {
  it("takes the document's date for every event it records", () => {
    const r = runCli(['record', file, '--item', '1.1', '--status', 'done', '--evidence', 'Báo cáo số 45/BC-SNV ngày 15/03/2021', ...who]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('hiệu lực / effective 15/03/2021');
    const [status, evidence] = events().slice(-2);
    expect(status).toMatchObject({ type: 'status.changed', data: { effective: '2021-03-15' } });
    expect(evidence).toMatchObject({ type: 'evidence.attached', data: { effective: '2021-03-15', document: { date: '2021-03-15' } } });
  });

  it('--effective, when given, wins over the document', () => {
    runCli(['record', file, '--item', '1.1', '--evidence', 'Báo cáo số 45/BC-SNV ngày 15/03/2021', '--effective', '20/03/2021', ...who]);
    expect(events().at(-1).data.effective).toBe('2021-03-20');
  });
});
