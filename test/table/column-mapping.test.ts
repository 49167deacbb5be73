import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseColumnMapping } from '../../templates/table/column-mapping.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { itemsOf } from '../../templates/table/table-read.ts';
import { grid } from './support.ts';
import { testKeyFile } from '../support/test-key.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../bin/cchc.js', import.meta.url));

// Headers a reader cannot know: the user says what each column holds.
const ODD = grid([
  ['KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025'],
  ['Phần', 'Việc cần làm', 'Sản phẩm', 'Ai làm', 'Ai giúp', 'Khi nào'],
  ['I. Cải cách thể chế', '1. Rà soát văn bản', 'Báo cáo', 'Sở Tư pháp', 'Các sở, ngành', 'Quý II'],
  ['', '2. Ban hành văn bản', 'Quyết định', 'Sở Tư pháp', '', 'Quý III'],
]);
const MAPPING = 'A=section,B=task,C=output,D=lead,E=coordinating,F=timeline';

describe('a column mapping the user can correct', () => {
  it('every column is named with the field it was mapped to, how sure, and on what basis', () => {
    const read = readGrid(grid([['STT', 'Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian', 'Cột lạ'], ['1', 'Việc', 'Báo cáo', 'Sở Nội vụ', 'Quý II/2025', 'x']]));
    expect(read.header.columns.map((c) => [c.letter, c.field, c.basis])).toEqual([
      ['A', 'number', 'header'],
      ['B', 'task', 'header'],
      ['C', 'output', 'header'],
      ['D', 'lead', 'header'],
      ['E', 'timeline', 'header'],
      ['F', null, 'none'],
    ]);
    for (const c of read.header.columns.slice(0, 5)) expect(c.confidence).toBeGreaterThan(0.5);
  });

  it('--columns overrides the reader and makes an unknown header readable', () => {
    expect(() => readGrid(ODD)).toThrow(TableError);
    const read = readGrid(ODD, { columns: parseColumnMapping(MAPPING) });
    expect(read.counts).toMatchObject({ sections: 1, tasks: 2, items: 2 });
    expect(itemsOf(read)[0]).toMatchObject({ text: 'Rà soát văn bản', output: 'Báo cáo', leadText: 'Sở Tư pháp', coordinatingText: 'Các sở, ngành' });
    expect(read.header.columns.every((c) => c.basis === 'user' && c.confidence === 1)).toBe(true);
  });

  it('refuses a mapping it cannot use, saying why', () => {
    expect(() => parseColumnMapping('A=section,B=tasks')).toThrow(/tasks/);
    expect(() => parseColumnMapping('A=task,B=task')).toThrow(/A.*B/);
    expect(() => parseColumnMapping('A task')).toThrow(/COLUMN=FIELD/);
    expect(() => readGrid(grid([['STT', 'Nội dung', 'Kết quả', 'Thời gian'], ['1', 'x', 'y', 'Quý I/2025']]), { columns: { B: null } })).toThrow(/task/);
  });
});

describe('cchc inspect and import --columns', () => {
  it('inspect names every column; import stores the mapping and a re-import of the same table reads it the same way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cchc-columns-'));
    const file = join(dir, 'bang.tsv');
    await writeFile(file, ODD.values.map((r) => r.join('\t')).join('\n'));
    const inspected = await run('node', [CLI, 'inspect', file, '--columns', MAPPING]);
    for (const line of ['A   "Phần" → Lĩnh vực (section)', 'B   "Việc cần làm" → Nội dung, nhiệm vụ (task)', 'F   "Khi nào" → Thời gian thực hiện (timeline)']) {
      expect(inspected.stdout).toContain(line);
    }
    const refused = await run('node', [CLI, 'inspect', file, '--columns', 'A=sectoin']).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2 });
    const ledger = join(dir, 'so.ndjson');
    const who = ['--actor', 'Lan', '--unit', 'Sở Nội vụ', '--ledger', ledger, '--key', testKeyFile()];
    await run('node', [CLI, 'import', file, '--columns', MAPPING, ...who]);
    const first = JSON.parse((await readFile(ledger, 'utf8')).split('\n')[1]!); // after the importer's key
    expect(first.data.source.columns.map((c: { column: string; field: string }) => `${c.column}=${c.field}`).join(',')).toBe(MAPPING);
    const again = await run('node', [CLI, 'import', file, ...who, '--document', 'Kế hoạch số 1/KH-UBND ngày 02/01/2025']);
    expect(again.stdout).toContain('không ghi gì');
  }, 120_000);
});
