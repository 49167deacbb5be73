import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PaneApp } from '../../addin/app/pane-app.ts';
import { MemoryHost } from '../../addin/excel/memory-host.ts';
import { memoryWorkbookFromXlsx } from '../../addin/excel/memory-workbook-xlsx.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { computer } from './pane-harness.ts';
import { itemsOf } from '../../templates/table/table-read.ts';

const SAMPLE = new URL('../../samples/gialai-sgddt-2022-phuluc.xlsx', import.meta.url);

async function previewingPane(): Promise<PaneApp> {
  const host = new MemoryHost(await memoryWorkbookFromXlsx(new Uint8Array(readFileSync(SAMPLE))));
  const settings = new Map<string, string>();
  const app = new PaneApp({
    host,
    settings: { get: (k: string) => settings.get(k) ?? null, set: (k: string, v: string) => void settings.set(k, v) },
    openLocal: async () => new MemoryStore(),
    signer: computer().signer,
    clock: () => new Date('2022-06-20T03:00:00.000Z'),
    documentName: 'gialai.xlsx',
  });
  await app.start();
  app.setActor('Nguyễn Thị Lan', 'Văn phòng Sở');
  await app.readTable();
  return app;
}

describe("the task pane's preview: the user changes a column's meaning before importing", () => {
  it('reads the table again with the column changed, and imports it that way with the mapping in the source', async () => {
    const app = await previewingPane();
    expect(app.model.preview!.read.header.columns.find((c) => c.letter === 'D')).toMatchObject({ field: 'activity', basis: 'header' });
    expect(itemsOf(app.model.preview!.read).some((i) => i.activity)).toBe(true);

    await app.remapColumn('D', 'note');
    const column = app.model.preview!.read.header.columns.find((c) => c.letter === 'D')!;
    expect(column).toMatchObject({ field: 'note', basis: 'user', confidence: 1 });
    const items = itemsOf(app.model.preview!.read);
    expect(items.some((i) => i.note)).toBe(true);
    expect(app.model.preview!.read.counts).toMatchObject({ sections: 7, tasks: 24, items: 35 });

    await app.importPlan();
    expect(app.model.phase).toBe('bound');
    expect(app.ledger!.state.plan!.source.columns!.find((c) => c.column === 'D')).toEqual({ column: 'D', header: 'Hoạt động', field: 'note' });
  });

  it('refuses a change that leaves no task column, with a note, and keeps the preview as it was', async () => {
    const app = await previewingPane();
    for (const letter of ['B', 'C', 'D']) await app.remapColumn(letter, null);
    expect(app.model.notes[0]).toMatchObject({ kind: 'error' });
    expect(app.model.preview!.read.counts.items).toBe(35);
  });
});
