import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LAYOUTS, layOut, modelOf, WRITERS, writeLaid, type PlanModel } from '../../scripts/layout-corpus.ts';
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
        }
      }, 60_000);
    }
  }
});
