import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { attentionFor } from '../../addin/app/pane-dashboard.ts';
import { cellAddress } from '../../addin/excel/a1.ts';
import { LEAD_SHEET_NAME, SUMMARY_SHEET_NAME } from '../../templates/reports/period-report.ts';
import { OVERDUE_SHEET_NAME } from '../../templates/reports/overdue-sheet.ts';
import { TALLY_TABLE_COLUMNS, COUNT_COLUMNS } from '../../templates/reports/tally-table.ts';
import { boundPane, settle } from './pane-harness.ts';

type Bound = Awaited<ReturnType<typeof boundPane>>;

/** Items in the plan's order with their rows. */
const itemRows = (b: Bound) => Object.entries(b.binding.rows).sort((x, y) => x[1] - y[1]);

/** Some progress, as staff record it: done on time, done late, started. */
async function someProgress(b: Bound): Promise<void> {
  const { host, app, binding } = b;
  const status = binding.columns.status - 1;
  const row = (item: string) => binding.rows[item]! - 1;
  // I.2 is due 30/01/2022, V.12 31/01/2022 (the Gia Lai appendix).
  host.userEdit(binding.sheet, cellAddress(row('1.2'), status), [['Hoàn thành', '10/01/2022']], { paste: true });
  host.userEdit(binding.sheet, cellAddress(row('5.1'), status), [['Hoàn thành', '10/06/2022']], { paste: true });
  host.userEdit(binding.sheet, cellAddress(row('2.1'), status), [['Đang thực hiện']]);
  await settle(app);
  expect(app.model.notes.filter((n) => n.kind === 'refused' || n.kind === 'error')).toEqual([]);
}

/** A tally sheet of the report as label → counts. */
function tallyRows(sheet: ExcelJS.Worksheet): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  sheet.eachRow((row) => {
    const label = row.getCell(TALLY_TABLE_COLUMNS.label).value;
    const total = row.getCell(TALLY_TABLE_COLUMNS.total).value;
    if (typeof label !== 'string' || typeof total !== 'number') return;
    out.set(label, Object.fromEntries(COUNT_COLUMNS.map((c) => [c.key, Number(row.getCell(TALLY_TABLE_COLUMNS[c.key]).value)])));
  });
  return out;
}

describe('the dashboard in the pane', () => {
  it('gives the period report’s figures for the same cut: overall, by lead agency, and the overdue list', async () => {
    const b = await boundPane();
    await someProgress(b);
    const downloads: Uint8Array[] = [];
    (b.app as unknown as { deps: { download: (name: string, bytes: Uint8Array) => void } }).deps.download = (_name, bytes) => downloads.push(bytes);
    await b.app.makeReport('2022-H1');
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(downloads[0]! as unknown as ArrayBuffer);

    const dashboard = b.app.dashboard(2022, 'H1')!;
    expect(dashboard.period.validAt).toBe('2022-06-14');
    const counts = (t: Record<string, number>) => Object.fromEntries(COUNT_COLUMNS.map((c) => [c.key, t[c.key]]));
    // The figures are not trivial: something done on time, done late, overdue.
    expect(dashboard.overall.tally.done_on_time).toBeGreaterThan(0);
    expect(dashboard.overall.tally.done_late).toBeGreaterThan(0);
    expect(dashboard.overall.tally.open_overdue).toBeGreaterThan(0);
    expect(counts(dashboard.overall.tally)).toEqual(tallyRows(report.getWorksheet(SUMMARY_SHEET_NAME)!).get('Tổng cộng'));

    const byLead = tallyRows(report.getWorksheet(LEAD_SHEET_NAME)!);
    expect(dashboard.byLead.length).toBeGreaterThan(1);
    for (const row of dashboard.byLead) {
      const label = [...byLead.keys()].find((l) => l === row.label || l === `${row.label} (nhóm cơ quan)`);
      expect(label, row.label).toBeDefined();
      expect(counts(row.tally)).toEqual(byLead.get(label!));
    }
    // By section: the same items counted, every one once.
    expect(dashboard.bySection.reduce((n, s) => n + s.tally.total, 0)).toBe(dashboard.overall.tally.total);

    const overdueSheet = report.getWorksheet(OVERDUE_SHEET_NAME)!;
    const reportOverdue: string[] = [];
    overdueSheet.eachRow((row) => {
      const code = row.getCell(8).value;
      if (typeof code === 'string' && b.binding.rows[code]) reportOverdue.push(code);
    });
    expect(dashboard.attention.filter((a) => a.kind === 'overdue').map((a) => a.item)).toEqual(reportOverdue);
    expect(dashboard.overall.completion.done).toBe(2);
  });

  it('at today: the edit just recorded counts, and items due within 14 days are listed as due soon', async () => {
    const b = await boundPane();
    const before = b.app.dashboard(2022, 'today')!;
    await someProgress(b);
    const after = b.app.dashboard(2022, 'today')!;
    expect(after.period.validAt).toBe('2022-06-20');
    expect(after.overall.completion.done).toBe(before.overall.completion.done + 2);
    for (const a of after.attention.filter((x) => x.kind === 'dueSoon')) {
      expect(a.days).toBeGreaterThanOrEqual(0);
      expect(a.days).toBeLessThanOrEqual(14);
    }
  });

  it('filters the overdue and due-soon list by lead agency', async () => {
    const b = await boundPane();
    const dashboard = b.app.dashboard(2022, 'today')!;
    const all = attentionFor(dashboard, null);
    const units = [...new Set(all.flatMap((a) => a.leads))];
    expect(units.length).toBeGreaterThan(1);
    const unit = units[0]!;
    const some = attentionFor(dashboard, unit);
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(all.length);
    expect(some.every((a) => a.leads.includes(unit))).toBe(true);
    expect(all.filter((a) => !some.includes(a)).every((a) => !a.leads.includes(unit))).toBe(true);
  });
});

describe('the selected row', () => {
  it('a click on an item of the list selects its row in the sheet and shows its history', async () => {
    const b = await boundPane();
    await someProgress(b);
    const item = '1.2';
    const row = b.binding.rows[item]!;
    await b.app.selectItem(item);
    expect(b.host.workbook.selection).toEqual({ sheet: b.binding.sheet, rect: { row: row - 1, col: 0, rows: 1, cols: Math.max(...Object.values(b.binding.columns)) } });
    expect(b.host.workbook.activeSheet).toBe(b.binding.sheet);
    expect(b.app.model.history?.item).toBe(item);
    expect(b.app.model.history?.entries[0]).toMatchObject({ typeLabel: expect.any(String), change: 'Chưa thực hiện → Hoàn thành', actor: { name: 'Nguyễn Thị Lan' } });
  });

  it('selecting a cell shows who changed what and when, with the entries voided, by whom and why', async () => {
    const b = await boundPane();
    const { host, app, binding } = b;
    const [item, row] = itemRows(b)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Hoàn thành', '10/06/2022']], { paste: true });
    await settle(app);
    // The completion date corrected: the first change is voided and recorded again.
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.completedOn - 1), [['05/06/2022']], { paste: true });
    await settle(app);
    host.userSelect(binding.sheet, cellAddress(row - 1, 1));
    await settle(app);
    const history = app.model.history!;
    expect(history).toMatchObject({ row, item });
    const voided = history.entries.find((e) => e.voided !== null)!;
    expect(voided).toMatchObject({ effective: '2022-06-10', voided: { actor: { name: 'Nguyễn Thị Lan' }, reason: expect.stringContaining('05/06/2022') } });
    const voiding = history.entries.find((e) => e.voids === voided.seq)!;
    expect(voiding.seq).toBe(voided.voided!.seq);
    expect(history.entries.find((e) => e.voided === null && e.effective === '2022-06-05')?.change).toBe('Chưa thực hiện → Hoàn thành');
    // Newest first.
    expect(history.entries.map((e) => e.seq)).toEqual([...history.entries.map((e) => e.seq)].sort((x, y) => y - x));
  });

  it('a drop-down pick Excel did not report is recorded when the row is selected', async () => {
    const b = await boundPane();
    const { host, app, binding } = b;
    const [item, row] = itemRows(b)[3]!;
    const events = app.model.ledger!.events;
    host.userPickUnreported(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), 'Đang thực hiện');
    await settle(app);
    expect(app.model.ledger!.events).toBe(events);
    host.userSelect(binding.sheet, cellAddress(row - 1, binding.columns.status - 1));
    await settle(app);
    expect(app.model.ledger!.events).toBe(events + 1);
    expect(app.ledger!.state.items[item]!.status).toBe('in_progress');
    expect(app.model.history?.entries[0]?.change).toBe('Chưa thực hiện → Đang thực hiện');
  });

  it('does not record a co-author’s cells on selection: they stay among the differences', async () => {
    const b = await boundPane();
    const { host, app, binding } = b;
    const [item, row] = itemRows(b)[3]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.progressNote - 1), [['Đã họp']], { source: 'Remote' });
    await settle(app);
    const events = app.model.ledger!.events;
    host.userSelect(binding.sheet, cellAddress(row - 1, binding.columns.progressNote - 1));
    await settle(app);
    expect(app.model.ledger!.events).toBe(events);
    expect(app.model.drift).toMatchObject([{ item, field: 'progressNote', origin: 'co-author' }]);
  });

  it('ignores selections outside the plan’s table', async () => {
    const b = await boundPane();
    const syncs = b.host.syncs;
    b.host.userSelect(b.binding.sheet, 'A1');
    await settle(b.app);
    expect(b.host.syncs).toBe(syncs);
    expect(b.app.model.history).toBeNull();
  });
});
