import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { sha256Hex, sha256HexBytes } from '#digest';
import { formatVietnameseDate } from '../../ledger/dates.ts';
import type { Actor, EventDraft } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { Signer } from '../../ledger/signed-content.ts';
import { replay } from '../../ledger/replay.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { completionOf, completionTextVi, countedUnitOf } from '../../templates/reports/completion-rate.ts';
import { documentNameBeside } from '../../templates/reports/report-docx.ts';
import { issuedReport } from '../../templates/reports/report-issued.ts';
import { progressWorkbookBytes } from '../../templates/reports/progress-workbook.ts';
import { resolvePeriod } from '../../templates/reports/report-period.ts';
import { tallyAll } from '../../templates/reports/tally.ts';
import { readTable } from '../../templates/table/read-table.ts';
import { yearOfChanges } from '../demo/year-of-changes.ts';
import { DEMO_PROVINCE } from '../demo/province-agencies.ts';
import { DEMO_YEAR, runProvinceDemo } from '../demo/province-story.ts';
import { defaultLogOrigin, LOG_KEY_FILE_NAME, logKeyOf } from '../log-key.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { servicePlugins } from '../../server/http/service-plugins.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { signerOfSeed } from '../key-file.ts';
import { loadReportConfig, readLedgerForReports, writeOutput } from '../report-ledger.ts';

const SAMPLE = fileURLToPath(new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url));
/** Who the demo's reports go to and who signs them (Nơi nhận, signature block). */
const REPORT_CONFIG = fileURLToPath(new URL('../../samples/bentre-2021-bao-cao.json', import.meta.url));
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
    .option('--province', 'câu chuyện của cả tỉnh: dịch vụ của tỉnh, hàng chục cơ quan đồng bộ một năm, 4 báo cáo tổng hợp / the whole province: the service, dozens of agencies syncing a year, four consolidated reports')
    .option('--database <url>', 'với --province: cơ sở dữ liệu PostgreSQL trống (postgres://…); mặc định PostgreSQL nhúng (PGlite) trong <out>/co-so-du-lieu / with --province: an empty PostgreSQL database; default embedded PGlite in <out>/co-so-du-lieu')
    .option('--keep-serving', 'với --province: để dịch vụ và bảng điều khiển chạy đến khi nhấn Ctrl+C / with --province: keep the service and its dashboard running until Ctrl+C')
    .action(async (options: { out: string; province?: boolean; database?: string; keepServing?: boolean }) => {
      if (options.province) await runProvince(options);
      else if (options.database !== undefined || options.keepServing) throw new CliError('--database và --keep-serving đi cùng --province.', '--database and --keep-serving go with --province.', EXIT_USAGE);
      else await runDemo(options.out);
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
    // A signed ledger: the officer enrolls her own key first, as its first administrator.
    const officer = demoSigner(OFFICER);
    const ledger = await Ledger.open(store, { signer: officer });
    await ledger.append({
      type: 'key.enrolled',
      id: `demo-${YEAR}-key-0`,
      actor: OFFICER,
      at: `${YEAR}-01-04T00:59:00.000Z`,
      data: { key: officer.fingerprint, publicKey: officer.publicKey, person: OFFICER, role: 'admin' },
    });
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
    // Then the key of everyone else who records, each enrolled by the officer.
    const people = new Map<string, Actor>(drafts.map((d) => [actorKey(d.actor), d.actor]));
    people.delete(actorKey(OFFICER));
    await ledger.append(
      [...people.values()].map((person, i) => {
        const signer = demoSigner(person);
        return {
          type: 'key.enrolled',
          id: `demo-${YEAR}-key-${i + 1}`,
          actor: OFFICER,
          at: `${YEAR}-01-04T01:01:00.000Z`,
          data: { key: signer.fingerprint, publicKey: signer.publicKey, person, role: 'member' },
        } satisfies EventDraft;
      }),
    );
    const config = await loadReportConfig(REPORT_CONFIG);
    let next = 0;
    for (const { period: kind, madeOn } of REPORTS) {
      const madeAt = `${YEAR}-${madeOn}T03:00:00.000Z`;
      const upTo = drafts.findIndex((d, i) => i >= next && d.at! >= madeAt);
      const end = upTo === -1 ? drafts.length : upTo;
      await appendAsTheirAuthors(ledger, drafts.slice(next, end));
      next = end;

      const period = resolvePeriod(`${YEAR}-${kind}`, config)!;
      const { events, verification } = await readLedgerForReports(ledgerFile);
      const state = replay(events, { knownAt: madeAt, validAt: period.to });
      const out = join(outDir, `bao-cao-${period.id}.xlsx`);
      const issued = await issuedReport({ state, events, period, config, verification }, madeAt, basename(out));
      await writeOutput(out, issued.workbook.bytes, ledgerFile, true);
      const documentOut = documentNameBeside(out);
      await writeOutput(documentOut, issued.document.bytes, ledgerFile, true);
      await ledger.append({ type: 'report.issued', id: `demo-${YEAR}-report-${kind}`, actor: OFFICER, at: anchoredAt(madeAt), data: issued.anchor });
      say(
        `Báo cáo ${period.id} (số liệu đến ${formatVietnameseDate(period.to)}): ${relative('.', out)} và ${basename(documentOut)} — hoàn thành ${completionTextVi(completionOf(tallyAll(state, period)), countedUnitOf(state))}`,
      );
    }
    await appendAsTheirAuthors(ledger, drafts.slice(next));

    const { events, verification } = await readLedgerForReports(ledgerFile);
    const yearEnd = replay(events, { validAt: `${YEAR}-12-31` });
    const progress = join(outDir, `theo-doi-tien-do-${YEAR}.xlsx`);
    await writeOutput(progress, await progressWorkbookBytes(yearEnd, events, verification), ledgerFile, true);
    say(`Sổ theo dõi tiến độ và nhật ký thay đổi / progress and audit trail: ${relative('.', progress)}`);
    const authors = new Set(events.map((e) => actorKey(e.actor)));
    const units = new Set(events.map((e) => e.actor.unit));
    say(`Sổ (NDJSON) / ledger: ${relative('.', ledgerFile)} — ${events.length} sự kiện do ${authors.size} người của ${units.size} cơ quan ghi nhận`);
    if (!verification.ok) {
      throw new CliError(`Chuỗi không hợp lệ tại ghi nhận số ${verification.seq}: ${verification.message_vi}`, `Chain broken at seq ${verification.seq}: ${verification.message_en}`, EXIT_FAILED);
    }
    say(`Kiểm tra chuỗi / verification: hợp lệ, ${verification.count} sự kiện, mỗi sự kiện có chữ ký hợp lệ, đầu chuỗi ${verification.head.hash}`);
  } finally {
    await store.close();
  }
}

async function runProvince(options: { out: string; database?: string; keepServing?: boolean }): Promise<void> {
  await rm(options.out, { recursive: true, force: true });
  await mkdir(options.out, { recursive: true });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const database = options.database ?? join(options.out, 'co-so-du-lieu');
  const logKeyFile = join(options.database === undefined ? database : options.out, LOG_KEY_FILE_NAME);
  const started = Date.now();
  const service = await runProvinceDemo({
    out: options.out,
    database,
    openDatabase,
    say,
    startService: async (db) => {
      // Where `cchc serve --data` finds it again: the log is never signed by another key.
      const { key } = await logKeyOf(logKeyFile, defaultLogOrigin(DEMO_PROVINCE.code));
      // The dashboard opens on the demo's year as it ended.
      const app = await buildServiceApp({ db, plugins: servicePlugins({ db, logKey: key, clock: () => new Date(`${DEMO_YEAR}-12-20T03:00:00.000Z`) }) });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      return {
        url,
        stop: async () => {
          await app.close();
          await db.close();
        },
      };
    },
  });
  say(`Xong trong / done in ${((Date.now() - started) / 1000).toFixed(0)} s. Bảng điều khiển / dashboard: ${service.url}/`);
  if (options.keepServing) {
    say('Dịch vụ đang chạy; nhấn Ctrl+C để dừng. / The service is running; Ctrl+C stops it.');
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  } else if (options.database === undefined) {
    say(`Mở lại / to reopen: npx cchc serve --data ${database}`);
  } else {
    say(`Mở lại / to reopen: npx cchc serve --database … --log-key ${logKeyFile}`);
  }
  await service.stop();
}

const actorKey = (actor: Actor) => `${actor.name}\u0000${actor.unit}`;

/** Each person's demo key, the same every run (a seed from their name): the demo writes the same ledger every time. */
function demoSigner(person: Actor): Signer {
  const seed = Buffer.from(sha256Hex(`cchc demo key: ${actorKey(person)}`), 'hex');
  return signerOfSeed(seed);
}

/** Appends drafts in order, each run of one person's drafts signed with that person's key. */
async function appendAsTheirAuthors(ledger: Ledger, drafts: readonly EventDraft[]): Promise<void> {
  for (let from = 0; from < drafts.length; ) {
    let to = from + 1;
    while (to < drafts.length && actorKey(drafts[to]!.actor) === actorKey(drafts[from]!.actor)) to++;
    await ledger.append(drafts.slice(from, to), { signer: demoSigner(drafts[from]!.actor) });
    from = to;
  }
}
