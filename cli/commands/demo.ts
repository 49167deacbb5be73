import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { sha256HexBytes } from '#digest';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { Actor } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { replay } from '../../ledger/replay.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { completionOf, completionTextVi } from '../../templates/reports/completion-rate.ts';
import { periodReportBytes } from '../../templates/reports/period-report.ts';
import { progressWorkbookBytes } from '../../templates/reports/progress-workbook.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { tallyAll } from '../../templates/reports/tally.ts';
import { readTable } from '../../templates/table/read-table.ts';
import { yearOfChanges } from '../demo/year-of-changes.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { loadReportConfig, readLedgerForReports, writeOutput } from '../report-ledger.ts';

const SAMPLE = fileURLToPath(new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url));
const YEAR = 2021;
const OFFICER: Actor = { name: 'Nguyễn Thị Lan', unit: 'Sở Nội vụ' };

/** When each period's report is made: a few days after its cut-off, before the 20th when it is due. */
const REPORTS = [
  { period: 'Q1', madeOn: '03-18' },
  { period: 'H1', madeOn: '06-18' },
  { period: '9M', madeOn: '09-18' },
  { period: 'Y', madeOn: '12-18' },
];

/** The anchor is recorded once the report is written, a moment after the data was taken. */
const anchoredAt = (madeAt: string) => new Date(Date.parse(madeAt) + 60_000).toISOString();

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'Chạy thử trên phụ lục mẫu (Bến Tre 2021): nhập bảng, ghi một năm thay đổi, lập 4 báo cáo định kỳ và sổ theo dõi tiến độ.\n' +
        'Run the whole job on the bundled sample: import, a year of changes, the four period reports and the progress workbook.',
    )
    .option('--out <dir>', 'thư mục kết quả (được làm mới) / output folder (recreated)', 'out')
    .action(async (options: { out: string }) => {
      await runDemo(options.out);
    });
}

async function runDemo(outDir: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const ledgerFile = join(outDir, `so-theo-doi-cchc-${YEAR}.ndjson`);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const bytes = new Uint8Array(await readFile(SAMPLE));
  const read = await readTable(bytes, 'bentre-2021-phuluc.xlsx');
  const store = await NdjsonStore.open(ledgerFile);
  try {
    const ledger = await Ledger.open(store);
    await ledger.append({
      type: 'plan.imported',
      id: `demo-${YEAR}-plan`,
      actor: OFFICER,
      at: `${YEAR}-01-04T01:00:00.000Z`,
      data: planImportedData(read, { name: 'bentre-2021-phuluc.xlsx', sha256: sha256HexBytes(bytes) }),
    });
    const plan = ledger.state;
    say(`Đã nhập phụ lục / imported: ${plan.sections.length} phần, ${plan.tasks.length} nhiệm vụ, ${plan.itemOrder.length} mục theo dõi`);

    const drafts = yearOfChanges(plan, YEAR);
    const config = await loadReportConfig(undefined);
    let next = 0;
    for (const { period: kind, madeOn } of REPORTS) {
      const madeAt = `${YEAR}-${madeOn}T03:00:00.000Z`;
      const upTo = drafts.findIndex((d, i) => i >= next && d.at! >= madeAt);
      const end = upTo === -1 ? drafts.length : upTo;
      await ledger.append(drafts.slice(next, end));
      next = end;

      const period = resolvePeriod(`${YEAR}-${kind}`, config)!;
      const { events, verification } = await readLedgerForReports(ledgerFile);
      const state = replay(events, { knownAt: madeAt, validAt: period.to });
      const report = await periodReportBytes({ state, events, period, config, verification });
      const out = join(outDir, `bao-cao-${period.id}.xlsx`);
      await writeOutput(out, report, ledgerFile, true);
      const sha256 = sha256HexBytes(report);
      await ledger.append({
        type: 'report.issued',
        id: `demo-${YEAR}-report-${kind}`,
        actor: OFFICER,
        at: anchoredAt(madeAt),
        data: { period: period.id, cutoff: { from: period.from, to: period.to }, knownAt: madeAt, head: state.head, file: { name: `bao-cao-${period.id}.xlsx`, sha256 } },
      });
      say(
        `Báo cáo ${period.id} (số liệu đến ${formatVietnameseDate(period.to)}): ${relative('.', out)} — hoàn thành ${completionTextVi(completionOf(tallyAll(state, period)))}`,
      );
    }
    await ledger.append(drafts.slice(next));

    const { events, verification } = await readLedgerForReports(ledgerFile);
    const yearEnd = replay(events, { validAt: `${YEAR}-12-31` });
    const progress = join(outDir, `theo-doi-tien-do-${YEAR}.xlsx`);
    await writeOutput(progress, await progressWorkbookBytes(yearEnd, events, verification), ledgerFile, true);
    say(`Sổ theo dõi tiến độ và nhật ký thay đổi / progress and audit trail: ${relative('.', progress)}`);
    const people = new Set(events.map((e) => `${e.actor.name}\u0000${e.actor.unit}`));
    const units = new Set(events.map((e) => e.actor.unit));
    say(`Sổ (NDJSON) / ledger: ${relative('.', ledgerFile)} — ${events.length} sự kiện do ${people.size} người của ${units.size} cơ quan ghi nhận`);
    if (!verification.ok) {
      throw new CliError(`Chuỗi không hợp lệ tại ghi nhận số ${verification.seq}: ${verification.message_vi}`, `Chain broken at seq ${verification.seq}: ${verification.message_en}`, EXIT_FAILED);
    }
    say(`Kiểm tra chuỗi / verification: hợp lệ, ${verification.count} sự kiện, đầu chuỗi ${verification.head.hash}`);
  } finally {
    await store.close();
  }
}
