import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { sha256HexBytes } from '#digest';
import { LedgerError } from '../../ledger/errors.ts';
import type { DocumentRef } from '../../ledger/events.ts';
import { foldDiacritics } from '../../ledger/fold.ts';
import type { PlanIdentity, PlanSource } from '../../ledger/plan.ts';
import { parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { definitionFromState, definitionOf } from '../../templates/import/plan-definition.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { revisePlan } from '../../templates/import/revise-plan.ts';
import { mappingOfHeader, sameMapping, storedMappingFor, type ColumnMapping } from '../../templates/table/column-mapping.ts';
import type { TableRead } from '../../templates/table/table-read.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { sayIfStampedAhead } from '../clock-notice.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { asCliError, KEY_OPTION, openWritableLedger, placeText } from '../writable-ledger.ts';
import { startStages, type StageProgress } from '../progress.ts';
import { COLUMNS_OPTION_HELP, readForCli, type CliReadStage } from './inspect.ts';

interface ImportOptions {
  key?: string;
  ledger: string;
  sheet?: string;
  year?: string;
  columns?: string;
  actor: string;
  unit: string;
  document?: string;
  otherPlan?: boolean;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Nhập bảng phụ lục vào sổ: lần đầu ghi "nhập kế hoạch"; nhập lại bảng không đổi thì không ghi gì; bảng đã sửa thì ghi một lần "điều chỉnh, bổ sung" với đúng những gì thay đổi.\n' +
        'Import the appendix table: plan.imported the first time, nothing for the same table again, one plan.revised with exactly what changed for an edited one.',
    )
    .argument('<file>', 'bảng phụ lục .xlsx, .docx, .txt hoặc .tsv / the appendix table')
    .requiredOption('--ledger <ledger.ndjson>', 'tệp sổ (tạo mới nếu chưa có) / the ledger file (created if missing)')
    .option('--sheet <name>', 'tên sheet chứa bảng / the sheet to read')
    .option('--year <year>', 'năm của kế hoạch khi tiêu đề không ghi / the plan year')
    .option('--columns <mapping>', COLUMNS_OPTION_HELP)
    .requiredOption('--actor <name>', 'người nhập / who imports it')
    .requiredOption('--unit <unit>', 'cơ quan, đơn vị / their agency')
    .option(...KEY_OPTION)
    .option('--document <text>', 'văn bản điều chỉnh, bổ sung, vd. "Kế hoạch số 150/KH-UBND ngày 15/07/2021" / the document deciding a revision')
    .option('--other-plan', 'bảng ghi cơ quan ban hành hoặc năm khác kế hoạch trong sổ mà vẫn là bản điều chỉnh của kế hoạch này / the table names another issuer or year, yet it does revise this plan')
    .action(async (file: string, options: ImportOptions) => {
      const progress = startStages('Nhập bảng / importing', IMPORT_STAGES);
      try {
        await importTable(file, options, progress);
      } finally {
        progress.stop();
      }
    });
}

/** What a terminal shows while a table is imported (cli/progress.ts), in order. */
const IMPORT_STAGES = {
  zip: 'đọc tệp nén / reading the zip',
  sheets: 'phân tích trang tính / parsing the sheets',
  rows: 'đọc các dòng của bảng / reading the rows',
  append: 'ghi vào sổ / appending the events',
};

async function importTable(file: string, options: ImportOptions, progress: StageProgress<keyof typeof IMPORT_STAGES>): Promise<void> {
  // The bar is erased before the answer is printed.
  const tell = (line: string) => {
    progress.stop();
    say(line);
  };
  // A table the reader cannot read alone may still be read with the mapping stored in the ledger.
  let read: TableRead | undefined;
  let unread: unknown;
  try {
    read = await readForCli(file, options, progress.enter);
  } catch (error) {
    // Only a header the reader did not recognise: any other refusal (a cell too long ...) stands as it is.
    const headerNotFound = error instanceof CliError && error.cause instanceof TableError && error.cause.code === 'no-header';
    if (options.columns !== undefined || !headerNotFound || !existsSync(options.ledger)) throw error;
    unread = error;
  }
  const bytes = new Uint8Array(await readFile(file));
  const actor = { name: options.actor, unit: options.unit };
  const { ledger, close, waitingToSync } = await openWritableLedger(options.ledger, options.key, actor);
  try {
    const state = ledger.state;
    // The same table imported again is read with the mapping the plan was imported with.
    const stored = options.columns === undefined ? state.plan?.source.columns : undefined;
    if (stored) read = await readAgain(file, options, stored, read, progress.enter);
    if (!read) throw unread;
    progress.enter('append');
    const source = { file: basename(file), ...(read.sheet && { sheet: read.sheet }), sha256: sha256HexBytes(bytes), columns: mappingOfHeader(read.header) };
    if (!state.plan) {
      const data = planImportedData(read, { name: source.file, sha256: source.sha256 });
      // A new signed ledger starts with the importer's key enrolled: the plan is the last event appended.
      const event = (await ledger.append({ type: 'plan.imported', actor, data })).at(-1);
      const warnings = read.warnings.length ? `; ${read.warnings.length} cảnh báo (xem "cchc inspect")` : '';
      tell(`Đã nhập / imported: ${data.sections.length} phần, ${data.tasks.length} nhiệm vụ, ${data.items.length} mục theo dõi${warnings} — ${placeText(waitingToSync, event!)}`);
      return;
    }
    refuseOtherPlan(state.plan.identity, read, source.file, options.otherPlan === true);
    const previous = definitionFromState(state);
    const definition = definitionOf(read);
    if (definition.items.length === 0) {
      // An empty table read as a revision would withdraw the whole plan: far likelier a wrong file.
      throw new CliError(
        `Bảng trong "${source.file}" không có nhiệm vụ nào: không ghi thành một lần điều chỉnh rút toàn bộ kế hoạch. Hãy kiểm tra lại tệp (để rút một số mục, giữ các mục còn lại trong bảng).`,
        `The table in "${source.file}" has no task: it is not recorded as a revision withdrawing the whole plan. Check the file (to withdraw some items, keep the others in the table).`,
        EXIT_FAILED,
      );
    }
    const revision = revisePlan(previous, definition, {
      document: revisionDocument(read, options.document),
      source,
      usedIds: previous.usedIds,
    });
    if (!revision) {
      tell('Bảng không thay đổi so với kế hoạch trong sổ: không ghi gì. / The table matches the plan in the ledger: nothing recorded.');
      return;
    }
    const [event] = await ledger.append({ type: 'plan.revised', actor, data: revision });
    progress.stop();
    sayIfStampedAhead([event!]);
    tell(
      `Đã ghi điều chỉnh, bổ sung / revised: ${revision.added.length} mục thêm, ${revision.amended.length} mục sửa, ${revision.withdrawn.length} mục rút — ${placeText(waitingToSync, event!)}`,
    );
  } catch (error) {
    if (error instanceof LedgerError) throw asCliError(options.ledger, error);
    if (error instanceof TableError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    throw error;
  } finally {
    await close();
  }
}

const say = (line: string) => process.stdout.write(`${line}\n`);

type StoredColumns = NonNullable<PlanSource['columns']>;

/**
 * The table read with the mapping its plan was imported with, when its header is the same (the same
 * table again); otherwise the read as it was (undefined when the reader could not read it alone).
 */
async function readAgain(
  file: string,
  options: ImportOptions,
  stored: StoredColumns,
  read: TableRead | undefined,
  onStage: (stage: CliReadStage) => void,
): Promise<TableRead | undefined> {
  if (read) {
    const again = storedMappingFor(stored, read.header);
    return again && !sameMapping(stored, mappingOfHeader(read.header)) ? readForCli(file, { ...options, columns: again }, onStage) : read;
  }
  const mapping = Object.fromEntries(stored.map((c) => [c.column, c.field === 'none' ? null : c.field])) as ColumnMapping;
  try {
    const withStored = await readForCli(file, { ...options, columns: mapping }, onStage);
    return storedMappingFor(stored, withStored.header) ? withStored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses, unless the user says it is meant (`--other-plan`), a table whose title names another
 * issuer, or a year outside the plan's, as a revision: far likelier the wrong file (another
 * province's or last year's plan) than a revision, and recorded it would rewrite the whole plan.
 */
function refuseOtherPlan(plan: PlanIdentity, read: TableRead, file: string, confirmed: boolean): void {
  if (confirmed) return;
  const issuer = read.identity.issuer;
  const otherIssuer = Boolean(issuer && plan.issuer) && foldDiacritics(issuer!).replace(/\s+/g, ' ') !== foldDiacritics(plan.issuer).replace(/\s+/g, ' ');
  const from = plan.period?.from ?? plan.year;
  const to = plan.period?.to ?? plan.year;
  const otherYear = read.year !== null && (read.year < from || read.year > to);
  if (!otherIssuer && !otherYear) return;
  const planYears = from === to ? String(from) : `${from}–${to}`;
  const what = {
    vi: [otherIssuer && `cơ quan ban hành "${issuer}" (kế hoạch trong sổ: "${plan.issuer}")`, otherYear && `năm ${read.year} (kế hoạch trong sổ: ${planYears})`].filter(Boolean).join(' và '),
    en: [otherIssuer && `the issuer "${issuer}" (the plan in the ledger: "${plan.issuer}")`, otherYear && `the year ${read.year} (the plan in the ledger: ${planYears})`].filter(Boolean).join(' and '),
  };
  throw new CliError(
    `Bảng trong "${file}" ghi ${what.vi}: có thể là kế hoạch khác, không phải bản điều chỉnh của kế hoạch trong sổ; không ghi gì. Nếu đúng là bản điều chỉnh của kế hoạch này, chạy lại với --other-plan; nếu là kế hoạch khác, nhập vào một sổ mới.`,
    `The table in "${file}" names ${what.en}: perhaps another plan, not a revision of the plan in the ledger; nothing recorded. If it does revise this plan, run again with --other-plan; if it is another plan, import it into a new ledger.`,
    EXIT_USAGE,
  );
}

/**
 * The document that decided a revision: `--document`, else the plan the edited table says it is
 * attached to. A revision with no document at all would leave auditors without its authority.
 */
function revisionDocument(read: TableRead, given: string | undefined): DocumentRef {
  if (given !== undefined) return parseDocumentRef(given);
  const { number, date } = read.identity;
  if (number || date) return { kind: 'Kế hoạch', ...(number && { number }), ...(date && { date }) };
  throw new CliError(
    'Bảng đã khác kế hoạch trong sổ: hãy nêu văn bản điều chỉnh, bổ sung bằng --document "Kế hoạch số ... ngày ...".',
    'The table differs from the plan in the ledger: name the document deciding the revision with --document "Kế hoạch số ... ngày ...".',
    EXIT_USAGE,
  );
}
