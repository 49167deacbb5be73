import { describe, expect, it } from 'vitest';
import { PlanRevisedData } from '../../ledger/events.ts';
import { definitionOf } from '../../templates/import/plan-definition.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { revisePlan } from '../../templates/import/revise-plan.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { readSample, SAMPLES, grid } from './support.ts';

const SHA = 'b'.repeat(64);
const DOC = { kind: 'Kế hoạch', number: '99/KH-UBND', date: '2021-06-15' };

describe('plan.imported data', () => {
  it('carries the plan, its source and every section, task and item, valid against the event schema', async () => {
    const read = await readSample(SAMPLES.bentreXlsx);
    const data = planImportedData(read, { name: 'bentre-2021-phuluc.xlsx', sha256: SHA });
    expect(data.plan).toEqual({
      issuer: 'Ủy ban nhân dân tỉnh Bến Tre',
      number: '7018/KH-UBND',
      date: '2020-12-29',
      year: 2021,
      title: 'CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TRỌNG TÂM TRIỂN KHAI TRONG NĂM 2021',
    });
    expect(data.source).toMatchObject({ file: 'bentre-2021-phuluc.xlsx', sheet: 'Sheet1', sha256: SHA });
    // The mapping it was read with, so that a re-import reads it the same way.
    expect(data.source.columns!.map((c) => `${c.column}=${c.field}`).join(',')).toBe('A=number,B=task,C=output,D=timeline,E=lead,F=coordinating,G=note');
    expect([data.sections.length, data.tasks.length, data.items.length]).toEqual([7, 37, 37]);
    expect(data.sections[3]).toEqual({ id: '4', numeral: 'VI', title: 'Cải cách tổ chức bộ máy', area: 'organisation' });
    expect(data.tasks[0]).toEqual({ id: '1.1', section: '1', numbering: '1', text: 'Xây dựng và triển khai Kế hoạch CCHC năm 2021' });
  });

  it('takes what the user states over the title block, and refuses a table with no items or no year', async () => {
    const read = await readSample(SAMPLES.gialaiXlsx);
    const data = planImportedData(read, { name: 'g.xlsx', sha256: SHA }, { number: '3456/KH-SGDĐT', date: '2021-12-20', issuer: 'Sở GD&ĐT Gia Lai' });
    expect(data.plan).toMatchObject({ number: '3456/KH-SGDĐT', date: '2021-12-20', issuer: 'Sở GD&ĐT Gia Lai', year: 2022 });
    expect(data.source.sheet).toBe('Sheet1');

    const empty = readGrid(grid([['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì']]), { year: 2022 });
    expect(() => planImportedData(empty, { name: 'e.xlsx', sha256: SHA })).toThrow(expect.objectContaining({ code: 'no-items' }));
    const noYear = readGrid(grid([['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'], ['1', 'Việc', 'Báo cáo', 'Quý II', 'Sở Nội vụ']]));
    expect(() => planImportedData(noYear, { name: 'n.xlsx', sha256: SHA })).toThrow(TableError);
    expect(planImportedData(noYear, { name: 'n.xlsx', sha256: SHA }, { year: 2023 }).plan.year).toBe(2023);
  });
});

describe('revisePlan', () => {
  const HEADER = ['STT', 'Nội dung', 'Kết quả', 'Thời gian thực hiện', 'Cơ quan chủ trì'];
  const base = [
    HEADER,
    ['I', 'Cải cách thể chế'],
    ['1', 'Rà soát văn bản QPPL', 'Báo cáo', 'Quý I/2022', 'Sở Tư pháp'],
    ['2', 'Kiểm tra văn bản', 'Báo cáo kiểm tra', 'Quý II/2022', 'Sở Tư pháp'],
    ['3', 'Theo dõi thi hành pháp luật', 'Kế hoạch', 'Tháng 3/2022', 'Sở Tư pháp'],
    ['II', 'Cải cách thủ tục hành chính'],
    ['1', 'Công bố thủ tục hành chính', 'Quyết định', 'Thường xuyên trong năm', 'Văn phòng UBND tỉnh'],
  ];
  const plan = (rows: string[][]) => definitionOf(readGrid(grid(rows), { year: 2022 }));
  const previous = plan(base);

  it('finds nothing when the same table is read again', async () => {
    expect(revisePlan(previous, plan(base), { document: DOC })).toBeNull();
    const bentre = definitionOf(await readSample(SAMPLES.bentreXlsx));
    expect(revisePlan(bentre, definitionOf(await readSample(SAMPLES.bentreText)), { document: DOC })).toBeNull();
  });

  it('amends exactly the fields that changed, with their old values', () => {
    const rows = base.map((r) => [...r]);
    rows[3]![3] = 'Quý III/2022';
    rows[3]![4] = 'Sở Tư pháp, Sở Nội vụ';
    const revised = revisePlan(previous, plan(rows), { document: DOC })!;
    expect(PlanRevisedData.safeParse(revised).success).toBe(true);
    expect(revised.added).toEqual([]);
    expect(revised.withdrawn).toEqual([]);
    expect(revised.amended).toHaveLength(1);
    const [change] = revised.amended;
    expect(change!.item).toBe('1.2');
    expect(Object.keys(change!.set).sort()).toEqual(['lead', 'leadText', 'timeline']);
    expect(change!.set.timeline).toMatchObject({ raw: 'Quý III/2022', due: '2022-09-30' });
    expect(change!.was.timeline).toMatchObject({ raw: 'Quý II/2022', due: '2022-06-30' });
    expect(change!.set.lead!.map((a) => a.name)).toEqual(['Sở Tư pháp', 'Sở Nội vụ']);
    expect(change!.was.leadText).toBe('Sở Tư pháp');
  });

  it('sees a row inserted above others as one item added, not a cascade of changes to the rows below', () => {
    const rows = [...base.slice(0, 3), ['1a', 'Hệ thống hóa văn bản', 'Danh mục', 'Quý IV/2022', 'Sở Tư pháp'], ...base.slice(3)];
    const next = plan(rows);
    // The positional ids shifted: the old 1.2 is now read as 1.3.
    expect(next.items.find((i) => i.text === 'Kiểm tra văn bản')!.id).toBe('1.3');
    const revised = revisePlan(previous, next, { document: DOC, usedIds: ['1.2', '1.2-2'] })!;
    expect(revised.amended).toEqual([]);
    expect(revised.withdrawn).toEqual([]);
    expect(revised.added).toHaveLength(1);
    // "1.2" is taken by the item that was there (and "1.2-2" by a withdrawn one): the new item gets the next free id.
    // Its task is new too, and task id "1.2" is taken: the task is "1.2-2".
    expect(revised.added[0]).toMatchObject({ id: '1.2-3', task: '1.2-2', section: '1', numbering: 'I.1a', text: 'Hệ thống hóa văn bản' });
    expect(revised.tasks).toEqual([{ id: '1.2-2', section: '1', numbering: '1a', text: 'Hệ thống hóa văn bản' }]);
    expect(revised.sections).toEqual([]);
  });

  it('gives a sub-row added to a task whose position moved an id under that task', () => {
    const rows = [
      ...base.slice(0, 3),
      ['1a', 'Hệ thống hóa văn bản', 'Danh mục', 'Quý IV/2022', 'Sở Tư pháp'],
      base[3]!,
      ['', '', 'Báo cáo bổ sung', 'Quý IV/2022', 'Sở Tư pháp'],
      ...base.slice(4),
    ];
    const revised = revisePlan(previous, plan(rows), { document: DOC })!;
    expect(revised.added.map((i) => [i.id, i.task, i.output])).toEqual([
      ['1.2-2', '1.2-2', 'Danh mục'],
      ['1.2.b', '1.2', 'Báo cáo bổ sung'],
    ]);
    expect(revised.amended).toEqual([]);
  });

  it('withdraws items no longer in the table, and adds new sections with their tasks', () => {
    const rows = [...base.slice(0, 4), ...base.slice(5), ['III', 'Cải cách tài chính công'], ['1', 'Giao tự chủ tài chính', 'Quyết định', 'Quý II/2022', 'Sở Tài chính']];
    const revised = revisePlan(previous, plan(rows), { document: DOC, withdrawReason: 'Bỏ theo Kế hoạch 99/KH-UBND' })!;
    expect(revised.withdrawn).toEqual([{ item: '1.3', reason: 'Bỏ theo Kế hoạch 99/KH-UBND' }]);
    expect(revised.sections).toEqual([{ id: '3', numeral: 'III', title: 'Cải cách tài chính công', area: 'public_finance' }]);
    expect(revised.tasks).toEqual([{ id: '3.1', section: '3', numbering: '1', text: 'Giao tự chủ tài chính' }]);
    expect(revised.added.map((i) => [i.id, i.section, i.task])).toEqual([['3.1', '3', '3.1']]);
    expect(revised.amended).toEqual([]);
  });

  it('matches an edited row that also moved, by how alike it is', () => {
    const rows = [
      HEADER,
      ['I', 'Cải cách thể chế'],
      ['1', 'Kiểm tra văn bản quy phạm', 'Báo cáo kiểm tra', 'Quý II/2022', 'Sở Tư pháp'],
      ['2', 'Rà soát văn bản QPPL', 'Báo cáo', 'Quý I/2022', 'Sở Tư pháp'],
      ['3', 'Theo dõi thi hành pháp luật', 'Kế hoạch', 'Tháng 3/2022', 'Sở Tư pháp'],
      ['II', 'Cải cách thủ tục hành chính'],
      ['1', 'Công bố thủ tục hành chính', 'Quyết định', 'Thường xuyên trong năm', 'Văn phòng UBND tỉnh'],
    ];
    const revised = revisePlan(previous, plan(rows), { document: DOC })!;
    expect(revised.added).toEqual([]);
    expect(revised.withdrawn).toEqual([]);
    expect(revised.amended).toEqual([
      { item: '1.2', set: { numbering: 'I.1', text: 'Kiểm tra văn bản quy phạm' }, was: { numbering: 'I.2', text: 'Kiểm tra văn bản' } },
      { item: '1.1', set: { numbering: 'I.2' }, was: { numbering: 'I.1' } },
    ]);
  });
});
