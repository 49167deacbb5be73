import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LAYOUTS, layOut, modelOf, WRITERS, writeLaid, type Field, type Layout, type PlanModel } from '../../scripts/layout-corpus.ts';
import { readTable } from '../../templates/table/read-table.ts';
import type { TableRead } from '../../templates/table/table-read.ts';
import { SAMPLES } from './support.ts';

/** What must come out the same whatever the layout: sections, groups, tasks, items and their texts. */
function outlineOfRead(read: TableRead) {
  return read.sections.map((s) => ({
    section: `${s.numeral} ${s.title}`,
    tasks: s.tasks.map((t) => ({
      groups: t.groups.map((g) => g.title),
      text: t.text,
      items: t.items.map((i) => [i.activity ?? '', i.output, i.timeline.raw, i.leadText, i.coordinatingText].join(' | ')),
    })),
  }));
}

function outlineOfModel(model: PlanModel) {
  return model.sections.map((s) => ({
    section: `${s.numeral} ${s.title}`,
    tasks: s.groups.flatMap((g) =>
      g.tasks.map((t) => ({
        groups: g.title === '' ? [] : [g.title],
        text: t.text,
        items: t.rows.map((r) => [r.activity, r.output, r.timeline, r.lead, r.coordinating].join(' | ')),
      })),
    ),
  }));
}

const SEEDS = [
  { name: 'bentre', path: SAMPLES.bentreText, counts: { sections: 7, tasks: 37, items: 37 } },
  { name: 'gialai', path: SAMPLES.gialaiText, counts: { sections: 7, tasks: 24, items: 35 } },
];

describe('the layout corpus: the real tables re-laid in every class of layout read the same', () => {
  for (const seed of SEEDS) {
    for (const layout of LAYOUTS) {
      it(`${seed.name}: ${layout.name}, written by ${WRITERS.join(', ')}`, async () => {
        const original = await readTable(readFileSync(seed.path), seed.name);
        expect(original.counts).toMatchObject(seed.counts);
        const model = modelOf(original, layout.groups === 'none' ? 1 : 2);
        const withActivity = original.sections.some((s) => s.tasks.some((t) => t.items.some((i) => i.activity)));
        const laid = layOut(model, layout, withActivity);
        const expected = outlineOfModel(model);
        for (const writer of WRITERS) {
          const { bytes, fileName } = await writeLaid(laid, writer, `${seed.name}-${layout.name}`);
          const read = await readTable(bytes, fileName);
          expect(read.counts, `${fileName}`).toMatchObject(seed.counts);
          expect(outlineOfRead(read), fileName).toEqual(expected);
          // The class is really exercised: repeated headers skipped, split rows joined.
          if (layout.repeatHeaderEvery > 0) expect(read.counts.repeatedHeaders, fileName).toBeGreaterThan(0);
          if (layout.splitRows) expect(read.counts.continuations, fileName).toBeGreaterThan(0);
        }
      }, 60_000);
    }
  }
});

// Header words of DOMAIN.md's table, any of which a real table may use for a column.
const WORDS: Record<string, string[]> = {
  number: ['STT', 'Số TT', 'TT'],
  task: ['Nội dung', 'Nhiệm vụ', 'Nhiệm vụ cụ thể'],
  activity: ['Hoạt động'],
  output: ['Kết quả', 'Sản phẩm', 'Kết quả/ Sản phẩm'],
  timeline: ['Thời gian thực hiện', 'Thời gian hoàn thành'],
  lead: ['Cơ quan chủ trì', 'Chủ trì thực hiện', 'Đơn vị chủ trì'],
  coordinating: ['Cơ quan phối hợp', 'Phối hợp thực hiện', 'Đơn vị phối hợp/thực hiện'],
};

describe('property: any column order, any header words, any writer, any section style', () => {
  it('reads the sections, groups, tasks, items and texts of the seed tables the same', async () => {
    const reads = await Promise.all(SEEDS.map(async (s) => ({ ...s, read: await readTable(readFileSync(s.path), s.name) })));
    const fields = Object.keys(WORDS) as Array<keyof typeof WORDS>;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...reads),
        fc.shuffledSubarray(fields.filter((f) => f !== 'number' && f !== 'task'), { minLength: 5, maxLength: 5 }),
        fc.array(fc.nat(2), { minLength: fields.length, maxLength: fields.length }),
        fc.constantFrom<Layout['section']>('row', 'column-merged', 'column-first-row'),
        fc.constantFrom<Layout['groups']>('none', 'stt-roman'),
        fc.constantFrom(...WRITERS),
        async (seed, order, wordPicks, section, groups, writer) => {
          const word = (f: string, k: number) => WORDS[f]![wordPicks[k]! % WORDS[f]!.length]!;
          const rest = order.map((f) => [f, word(f, fields.indexOf(f))] as [Field, string]);
          const columns: Layout['columns'] =
            section === 'row'
              ? [['number', word('number', 0)], ['task', word('task', 1)], ...rest]
              : [['section', 'Lĩnh vực'], ['task', 'Nhiệm vụ cụ thể'], ...rest];
          const layout: Layout = { name: 'random', columns, section, groups: section === 'row' ? groups : 'none', numbering: 'running', mergeTasks: false, repeatHeaderEvery: 0 };
          const model = modelOf(seed.read, layout.groups === 'none' ? 1 : 2);
          const laid = layOut(model, layout, true);
          const { bytes, fileName } = await writeLaid(laid, writer, `${seed.name}-random`);
          const read = await readTable(bytes, fileName);
          expect(read.counts).toMatchObject(seed.counts);
          expect(outlineOfRead(read)).toEqual(outlineOfModel(model));
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
