import { describe, expect, it } from 'vitest';
import { Id, Item } from '../../ledger/plan.ts';
import { itemsOf, type TableRead } from '../../templates/table/table-read.ts';
import { readSample, SAMPLES } from './support.ts';

const withoutRow = (read: TableRead) => itemsOf(read).map(({ sourceRow: _row, ...rest }) => rest);

describe('Bến Tre 2021 appendix (xlsx and the seed text)', () => {
  for (const [name, path] of [
    ['xlsx', SAMPLES.bentreXlsx],
    ['text', SAMPLES.bentreText],
  ] as const) {
    it(`reads 7 sections, 37 tasks, 37 items from the ${name}`, async () => {
      const read = await readSample(path);
      expect(read.counts).toMatchObject({ sections: 7, tasks: 37, items: 37 });
      expect(read.sections.map((s) => s.numeral)).toEqual(['I', 'II', 'III', 'VI', 'V', 'VI', 'VII']);
      expect(read.sections[2]!.title).toBe('Cải cách thủ tục hành chính');
      expect(read.sections.map((s) => s.area)).toEqual([
        'direction',
        'institutions',
        'procedures',
        'organisation',
        'civil_service',
        'public_finance',
        'digital_government',
      ]);
      expect(read.identity).toMatchObject({ number: '7018/KH-UBND', date: '2020-12-29', issuer: 'Ủy ban nhân dân tỉnh Bến Tre', year: 2021 });
      expect(read.year).toBe(2021);
      // Printed numbering is kept, gaps and all; the gaps and the numerals out of place are warned about.
      const procedures = read.sections[2]!.tasks.map((t) => t.numbering);
      expect(procedures).toEqual(['1', '2', '4', '5']);
      const codes = read.warnings.map((w) => `${w.code}@${w.row}`);
      const rowOf = (sectionIndex: number) => read.sections[sectionIndex]!.row;
      expect(codes).toContain(`section-numeral-unexpected@${rowOf(3)}`);
      expect(codes).toContain(`section-numeral-repeated@${rowOf(5)}`);
      expect(read.warnings.filter((w) => w.code === 'stt-gap')).toHaveLength(2);
    });
  }

  it('gives the same items from the workbook and from the text', async () => {
    const [xlsx, text] = await Promise.all([readSample(SAMPLES.bentreXlsx), readSample(SAMPLES.bentreText)]);
    expect(withoutRow(text)).toEqual(withoutRow(xlsx));
    expect(text.counts.repeatedHeaders).toBe(5);
  });

  it('reads items the way the table prints them', async () => {
    const items = itemsOf(await readSample(SAMPLES.bentreXlsx));
    const first = items[0]!;
    expect(first).toMatchObject({
      id: '1.1',
      numbering: 'I.1',
      text: 'Xây dựng và triển khai Kế hoạch CCHC năm 2021',
      output: 'Kế hoạch',
      leadText: 'Sở Nội vụ',
      sourceRow: 7,
    });
    expect(first.timeline).toMatchObject({ raw: 'Tháng 12/2020', due: '2020-12-31' });
    // The second VI section: positions, not printed numerals, make the ids.
    const finance = items.filter((i) => i.section === '6');
    expect(finance.map((i) => [i.id, i.numbering])).toEqual([
      ['6.1', 'VI.1'],
      ['6.2', 'VI.2'],
      ['6.3', 'VI.3'],
    ]);
    const ict = items.find((i) => i.id === '7.1')!;
    expect(ict.lead).toEqual([{ name: 'Sở Thông tin và Truyền thông', raw: 'Sở TT&TT', group: false }]);
  });
});

describe('Gia Lai Sở GD&ĐT 2022 appendix (xlsx and the seed text)', () => {
  for (const [name, path] of [
    ['xlsx', SAMPLES.gialaiXlsx],
    ['text', SAMPLES.gialaiText],
  ] as const) {
    it(`reads 7 sections, 24 tasks, 35 items from the ${name}, skipping 8 repeated headers and joining 6 split rows`, async () => {
      const read = await readSample(path);
      expect(read.counts).toEqual({ sections: 7, tasks: 24, items: 35, repeatedHeaders: 8, continuations: 6 });
      expect(read.warnings.filter((w) => w.code === 'repeated-header')).toHaveLength(8);
      expect(read.warnings.filter((w) => w.code === 'continuation-joined')).toHaveLength(6);
      expect(read.identity).toMatchObject({ issuer: 'Sở Giáo dục và Đào tạo', year: 2022, numberLeftBlank: true });
      expect(read.identity.number).toBeUndefined();
      expect(read.header.columns.map((c) => c.field)).toEqual([
        'number',
        'objective',
        'task',
        'activity',
        'output',
        'lead',
        'coordinating',
        'timeline',
        'budget',
      ]);
    });
  }

  it('joins the fragments of split rows into the right cells', async () => {
    const read = await readSample(SAMPLES.gialaiXlsx);
    const task6 = read.sections.flatMap((s) => s.tasks).find((t) => t.numbering === '6')!;
    expect(task6.items).toHaveLength(1);
    const item = task6.items[0]!;
    expect(item.objective).toBe(
      'Khắc phục triệt để sự trùng lặp, chồng chéo chức năng, nhiệm vụ theo tinh thần Nghị quyết số 18-NQ/TW; Nghị định số 107/2020/NĐ-CP; Nghị định số 108/2020/NĐ-CP',
    );
    expect(item.leadText).toBe('Phòng Tổ chức cán bộ');
    expect(task6.text).toBe('Quy định chức năng, nhiệm vụ, quyền hạn của các phòng chuyên môn, đơn vị trực thuộc Sở');
    expect(item.activity).toBe('Quyết định Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức');
    expect(item.timeline.raw).toBe('Sau khi có thông tư, hướng dẫn của cơ quan chủ quản và cơ quan cấp trên');
    expect(item.timeline.kind).toBe('conditional');

    const items = itemsOf(read);
    // Task 9's second row was split: the task text continues on its merged master cell (C25), the activity on the row's own.
    const t9b = items.find((i) => i.numbering === 'IV.9.b')!;
    expect(t9b.text).toMatch(/^Đổi mới nội dung, phương pháp đào tạo, bồi dưỡng nâng cao năng lực, kỹ năng và phẩm chất cho đội ngũ/);
    expect(t9b.activity).toBe('Triển khai thực hiện và báo cáo kết quả thực hiện Kế hoạch đào tạo, bồi dưỡng CBCCVC năm 2022');
    expect(t9b.leadText).toBe('Phòng Tổ chức cán bộ');
    // Task 21: the timeline continues after the page break.
    const t21 = items.find((i) => i.numbering === 'VII.21')!;
    expect(t21.timeline.raw).toBe('Theo văn bản hướng dẫn của Sở Nội vụ');
    // Task 23's last row: "thuộc Sở" ends the coordinating cell of that row, "nội bộ cơ quan." the merged task text.
    const t23c = items.find((i) => i.numbering === 'VII.23.c')!;
    expect(t23c.coordinatingText).toBe('Các phòng chuyên môn, nghiệp vụ, các đơn vị trực thuộc Sở');
    expect(t23c.text.endsWith('kỷ luật và kỷ cương trong nội bộ cơ quan.')).toBe(true);
  });

  it('keeps a real sub-row (its own output, lead, timeline) apart from a split row', async () => {
    const items = itemsOf(await readSample(SAMPLES.gialaiXlsx));
    const t12 = items.filter((i) => i.task === items.find((x) => x.numbering === 'V.12')!.task);
    expect(t12.map((i) => [i.id, i.numbering, i.sourceRow])).toEqual([
      ['5.1', 'V.12', 35],
      ['5.1.b', 'V.12.b', 36],
    ]);
    // The sub-row has its own Nhiệm vụ text: it is the item's text.
    expect(t12[1]!.text).toBe('Triển khai thực hiện Nghị định số 60/2021/NĐ-CP');
    const t1 = items.filter((i) => i.numbering.startsWith('I.1'));
    expect(t1.map((i) => i.id)).toEqual(['1.1', '1.1.b', '1.1.c']);
    expect(t1.map((i) => i.output)).toEqual([
      'Quyết định hoặc Nghị quyết của Thường trực Hội đồng nhân dân (HĐND) tỉnh; Quyết định của Chủ tịch UBND tỉnh',
      'Nghị quyết của HĐND tỉnh hoặc Quyết định của UBND tỉnh',
      'Kế hoạch - Báo cáo; - Các văn bản.',
    ]);
    expect(t1[1]!.lead).toEqual([
      { name: 'Thanh tra', raw: 'Thanh tra', group: false },
      { name: 'Tổ Pháp chế', raw: 'Tổ Pháp chế', group: false },
    ]);
  });

  it('gives the same items from the workbook (merged cells) and from the text (no merges)', async () => {
    const [xlsx, text] = await Promise.all([readSample(SAMPLES.gialaiXlsx), readSample(SAMPLES.gialaiText)]);
    expect(withoutRow(text)).toEqual(withoutRow(xlsx));
  });
});

describe('ids', () => {
  for (const path of Object.values(SAMPLES)) {
    it(`are unique, valid, and the same on a second read: ${path.split('/').pop()}`, async () => {
      const a = itemsOf(await readSample(path));
      const b = itemsOf(await readSample(path));
      const ids = a.map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const i of a) {
        expect(Id.safeParse(i.id).success).toBe(true);
        expect(Item.safeParse(i).success).toBe(true);
      }
      expect(b.map((i) => i.id)).toEqual(ids);
      expect(b).toEqual(a);
    });
  }
});

describe('reform areas', () => {
  it('maps all 14 sections of the two tables', async () => {
    const gialai = await readSample(SAMPLES.gialaiXlsx);
    expect(gialai.sections.map((s) => [s.numeral, s.area])).toEqual([
      ['I', 'institutions'],
      ['II', 'procedures'],
      ['III', 'organisation'],
      ['IV', 'civil_service'],
      ['V', 'public_finance'],
      ['VI', 'digital_government'],
      ['VII', 'direction'],
    ]);
    const bentre = await readSample(SAMPLES.bentreXlsx);
    expect([...gialai.sections, ...bentre.sections].filter((s) => s.area === 'unknown')).toEqual([]);
  });
});
