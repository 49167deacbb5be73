/**
 * Round trips to Excel (`context.sync`) of each correction in the pane, counted with the counting
 * stand-in host for 40 and 500 items: the same whatever the number of rows.
 */
import { describe, expect, it } from 'vitest';
import { cellAddress } from '../../addin/excel/a1.ts';
import { MemoryHost } from '../../addin/excel/memory-host.ts';
import { planWorkbook } from '../support/plan-workbook.ts';
import { computer, openPane, roundTrips, settle } from './pane-harness.ts';

const NOW = new Date('2024-06-20T03:00:00.000Z');

async function measure(items: number) {
  const host = new MemoryHost(planWorkbook(items));
  const app = await openPane(host, computer(), { clock: () => NOW });
  app.setActor('Trần Văn B', 'Sở Nội vụ');
  await app.readTable();
  await app.importPlan();
  const binding = app.model.binding!;
  const since = roundTrips(host);
  const state = () => app.ledger!.state;
  const [id, row] = Object.entries(binding.rows).at(-1)!;
  const status = (value: unknown[][]) => host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), value as never, { paste: true });

  // Done on one day, the date corrected in the pane.
  status([['Hoàn thành', '10/06/2024']]);
  await settle(app);
  since();
  await app.correct({ kind: 'completion-date', item: id, date: '2024-06-05' });
  const completionDate = since();
  expect(state().items[id]!.completedOn).toBe('2024-06-05');

  // Reopened in the sheet with no reason: the pane asks, then records.
  status([['Đang thực hiện']]);
  await settle(app);
  const askReason = since();
  expect(app.model.askReason).toHaveLength(1);
  await app.confirmReopen(id, 'Cần bổ sung hồ sơ');
  const reopen = since();
  expect(state().items[id]!.status).toBe('in_progress');

  // That reopening voided from the corrections card.
  await app.correct({ kind: 'void', event: state().items[id]!.statuses.at(-1)!.id, reason: 'Nhầm dòng' });
  const voided = since();
  expect(state().items[id]!.status).toBe('done');

  // A met condition.
  const waiting = state().itemOrder.find((i) => state().items[i]!.definition.timeline.kind === 'conditional')!;
  await app.correct({ kind: 'condition', item: waiting, effective: '2024-06-01', due: '2024-09-30' });
  const condition = since();
  expect(state().items[waiting]!.due).toBe('2024-09-30');

  // A plan revision: one deadline changed in the table, read, shown, recorded.
  const sheet = host.workbook.sheet(binding.sheet)!;
  sheet.values[binding.rows[state().itemOrder[0]!]! - 1]![3] = 'Quý IV/2024';
  await app.previewRevision('Kế hoạch số 150/KH-UBND ngày 15/06/2024');
  const revisionPreview = since();
  expect(app.model.revision?.amended).toHaveLength(1);
  await app.confirmRevision();
  const revision = since();
  expect(app.model.notes.filter((n) => n.kind !== 'saved' && n.kind !== 'info')).toEqual([]);
  return { completionDate, askReason, reopen, voided, condition, revisionPreview, revision };
}

describe('round trips of the corrections in the pane do not grow with the plan', () => {
  it('correcting a completion date, the reason asked and given, a void, a met condition and a plan revision cost the same for 40 and 500 items', async () => {
    const small = await measure(40);
    const large = await measure(500);
    expect(large).toEqual(small);
    // The figures README.md gives. A correction: its append, the item's row read and written, the row's history read from the
    // ledger sheet again; the reopening's question costs what a refused edit does (2); a revision reads the whole plan sheet once
    // (1), then once more before recording, to be sure it is what was shown.
    expect(large).toEqual({ completionDate: 9, askReason: 2, reopen: 9, voided: 9, condition: 9, revisionPreview: 1, revision: 7 });
  }, 60_000);
});
