import { describe, expect, it } from 'vitest';
import { cellAddress } from '../../addin/excel/a1.ts';
import { MemoryHost } from '../../addin/excel/memory-host.ts';
import { planWorkbook } from '../support/plan-workbook.ts';
import { computer, openPane, roundTrips } from './pane-harness.ts';

const NOW = new Date('2024-06-20T03:00:00.000Z');

async function measure(items: number) {
  const host = new MemoryHost(planWorkbook(items));
  const pc = computer();
  const app = await openPane(host, pc, { clock: () => NOW });
  app.setActor('Trần Văn B', 'Sở Nội vụ');
  const since = roundTrips(host);
  await app.readTable();
  await app.importPlan();
  const bind = since();
  expect(app.model.ledger?.items).toBe(items);

  await app.refreshProgress();
  const progress = since();

  const binding = app.model.binding!;
  const [, row] = Object.entries(binding.rows).at(-1)!;
  host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.idle();
  const edit = since();
  expect(app.model.notes.filter((n) => n.kind !== 'saved' && n.kind !== 'info')).toEqual([]);
  expect(app.ledger?.state.count).toBe(3);

  // "Hoàn thành" with no date: the pane asks for it, then records the date given.
  const [doneItem, doneRow] = Object.entries(binding.rows).at(-2)!;
  host.userEdit(binding.sheet, cellAddress(doneRow - 1, binding.columns.status - 1), [['Hoàn thành']]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.idle();
  const askDate = since();
  expect(app.model.askDate.map((a) => a.item)).toEqual([doneItem]);
  await app.confirmDone(doneItem, '2024-06-19');
  const confirmDone = since();
  expect(app.ledger?.state.items[doneItem]?.completedOn).toBe('2024-06-19');

  // A cell selected after that edit (the ledger is read once for the row's history), then another row.
  host.userSelect(binding.sheet, cellAddress(row - 1, 1));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.idle();
  const select = since();
  expect(app.model.history?.entries).toHaveLength(1);
  const [firstItem, firstRow] = Object.entries(binding.rows)[0]!;
  host.userSelect(binding.sheet, cellAddress(firstRow - 1, 1));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.idle();
  const selectAgain = since();
  // A drop-down pick Excel on the web did not report, found when its row is selected.
  host.userPickUnreported(binding.sheet, cellAddress(firstRow - 1, binding.columns.status - 1), 'Đang thực hiện');
  host.userSelect(binding.sheet, cellAddress(firstRow - 1, binding.columns.status - 1));
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.idle();
  const selectPick = since();
  expect(app.ledger?.state.items[firstItem]?.status).toBe('in_progress');
  // A click on an item of the dashboard's list.
  expect(app.dashboard(2024, 'today')?.attention.length).toBeGreaterThan(0);
  await app.selectItem(firstItem);
  const click = since();
  // The pane regaining focus re-checks the whole tracking block: one read when nothing changed.
  await app.paneFocused();
  const focus = since();
  await app.stop();

  since();
  const reopened = await openPane(host, pc, { clock: () => NOW });
  const reopen = since();
  expect(reopened.model.phase).toBe('bound');

  // Thirty rows' notes typed while the pane was closed, recorded with one press of "Ghi nhận vào sổ".
  await reopened.stop();
  for (const [, r] of Object.entries(binding.rows).slice(0, 30)) host.userEdit(binding.sheet, cellAddress(r - 1, binding.columns.progressNote - 1), [['Đã triển khai']]);
  const third = await openPane(host, pc, { clock: () => NOW });
  expect(third.model.drift).toHaveLength(30);
  since();
  await third.recordDrift();
  const record30 = since();
  expect(third.model.drift).toEqual([]);
  return { bind, progress, edit, askDate, confirmDone, select, selectAgain, selectPick, click, focus, reopen, record30 };
}

describe('round trips to Excel do not grow with the plan', () => {
  it('binding and importing, writing the progress sheet, handling one edit, selecting rows, a click in the list, reopening and recording 30 differences cost the same for 40 and 500 items', async () => {
    const small = await measure(40);
    const large = await measure(500);
    expect(large).toEqual(small);
    // The figures README.md and docs/addin.md give. The progress sheet reads only the ledger sheet's head: the state comes from what
    // the ledger knows; the first one also learns its new sheet's id and writes it into the binding. Listening now takes two
    // subscriptions (changes, selections). A selection reads its rows, and the whole ledger sheet (3) only when it grew since.
    // A recording whose rows need no tidying still ends with a write on the plan's sheet (undo order): +1 for the pick and the 30 rows.
    // A recording reads its rows and the ledger sheet's head (row count, header, last row) in one round trip, and writes the
    // ledger sheet's rows (once this computer's copy has them) in the same round trip as the rows it tidies: an edit is 2.
    expect(large).toEqual({ bind: 17, progress: 8, edit: 2, askDate: 2, confirmDone: 2, select: 4, selectAgain: 1, selectPick: 6, click: 1, focus: 1, reopen: 12, record30: 4 });
  }, 60_000);
});
