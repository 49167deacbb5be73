// The consolidated year report's writers alone, at any number of agencies: every agency's plan (the
// bundled Bến Tre table and a year of changes, the demo's) verified and replayed from its stored
// lines, then the workbook and the Word document; then the workbook alternated with its floor:
// exceljs's streaming writer writing the same cells (bench/streaming-floor.ts). The report as the
// service makes it, from its kept figures, is bench/consolidated-report.ts.
//
//   node --import tsx --expose-gc bench/consolidated-workbook.ts [--agencies 500] [--rounds 5]
// The goal: the workbook ≤ 1.5 × its floor.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sha256HexBytes } from '#digest';
import { yearOfChanges } from '../cli/demo/year-of-changes.ts';
import { Ledger } from '../ledger/ledger.ts';
import { storedLine } from '../ledger/stored-line.ts';
import { MemoryStore } from '../ledger/stores/memory-store.ts';
import type { LedgerEvent } from '../ledger/events.ts';
import { planImportedData } from '../templates/import/plan-imported.ts';
import { consolidatedDocumentBytes } from '../templates/reports/consolidated-docx.ts';
import { buildConsolidatedReport, consolidatedReportBytes } from '../templates/reports/consolidated-workbook.ts';
import { provincePlansFromLines, type ProvinceAgency } from '../templates/reports/province-plans.ts';
import { resolvePeriod } from '../templates/reports/report-period.ts';
import { readTable } from '../templates/table/read-table.ts';
import { alternate, machineLine, ratioText, spread, timed } from './paired.ts';
import { mergesReport, sheetCopies, streamingRun } from './streaming-floor.ts';

const { values } = parseArgs({ options: { agencies: { type: 'string', default: '500' }, rounds: { type: 'string', default: '5' } }, strict: false });
const AGENCIES = Number(values.agencies);
const SAMPLE = new URL('../samples/bentre-2021-phuluc.xlsx', import.meta.url);
const OFFICER = { name: 'Nguyễn Thị Lan', unit: 'Sở Nội vụ' };

const bytes = new Uint8Array(readFileSync(SAMPLE));
const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2022-01-10T00:00:00.000Z') });
const events: LedgerEvent[] = [];
events.push(...(await ledger.append({ type: 'plan.imported', actor: OFFICER, at: '2021-01-04T01:00:00.000Z', data: planImportedData(await readTable(bytes, 'bentre.xlsx'), { name: 'bentre.xlsx', sha256: sha256HexBytes(bytes) }) })));
for (const draft of yearOfChanges(ledger.state, 2021)) events.push(...(await ledger.append(draft)));
const lines = events.map(storedLine);

const agencies: ProvinceAgency[] = Array.from({ length: AGENCIES }, (_, i) => ({ id: `cq${i + 1}`, officialName: `Ủy ban nhân dân xã số ${i + 1}`, level: 'commune', parentId: null }));
const period = resolvePeriod('2021-Y', { periods: {} })!;
const knownAt = '2022-01-05T03:00:00.000Z';

const time = async <T>(what: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await what();
  return [result, (performance.now() - start) / 1000];
};
const [plans, replaySeconds] = await time(() => provincePlansFromLines(agencies.map((a) => ({ id: `${a.id}-2021`, agencyId: a.id, scope: 'agency' as const, lines })), { period, knownAt }));
const input = { province: { name: 'tỉnh Bến Tre', issuer: 'Sở Nội vụ tỉnh Bến Tre', agencies }, period, knownAt, config: { periods: {}, document: {} }, plans };
const [workbook, workbookSeconds] = await time(() => consolidatedReportBytes(input));
const [document, documentSeconds] = await time(() => consolidatedDocumentBytes(input));

process.stdout.write(
  `${machineLine()}\n` +
    `${AGENCIES} plans, ${lines.length} events each (${AGENCIES * lines.length} in all), year report at ${knownAt}\n` +
    `  verify and replay every plan: ${replaySeconds.toFixed(2)} s\n` +
    `  workbook: ${workbookSeconds.toFixed(2)} s (${workbook.length} bytes)\n` +
    `  Word document: ${documentSeconds.toFixed(2)} s (${document.length} bytes)\n` +
    `  total: ${(replaySeconds + workbookSeconds + documentSeconds).toFixed(2)} s (goal for 500 agencies: under 10 s)\n`,
);

// The workbook against its floor, alternated (milliseconds): the same cells, read out of the report
// built once in memory before any clock starts.
const copies = sheetCopies(buildConsolidatedReport(input));
let floorBytes: Uint8Array = new Uint8Array();
const rounds = await alternate(Number(values.rounds), {
  workbook: timed(() => consolidatedReportBytes(input)),
  streaming: timed(async () => (floorBytes = (await streamingRun(copies)).bytes)),
});
process.stdout.write(
  `workbook alternated with its floor, ${values.rounds} rounds, ${copies.cells.toLocaleString('en')} cells, milliseconds: ours ${spread(rounds.workbook)}, ` +
    `exceljs's streaming writer ${spread(rounds.streaming)}; ratio ${ratioText(rounds.workbook, rounds.streaming, 1.5)}\n` +
    (await mergesReport(workbook, floorBytes)),
);
