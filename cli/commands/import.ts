import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { sha256HexBytes } from '#digest';
import { LedgerError } from '../../ledger/errors.ts';
import type { DocumentRef } from '../../ledger/events.ts';
import { parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { definitionFromState, definitionOf } from '../../templates/import/plan-definition.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { revisePlan } from '../../templates/import/revise-plan.ts';
import type { TableRead } from '../../templates/table/table-read.ts';
import { TableError } from '../../templates/table/table-error.ts';
import { sayIfStampedAhead } from '../clock-notice.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { asCliError, openWritableLedger } from '../writable-ledger.ts';
import { readForCli } from './inspect.ts';

interface ImportOptions {
  ledger: string;
  sheet?: string;
  year?: string;
  actor: string;
  unit: string;
  document?: string;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Nhập bảng phụ lục vào sổ: lần đầu ghi "nhập kế hoạch"; nhập lại bảng không đổi thì không ghi gì; bảng đã sửa thì ghi một lần "điều chỉnh, bổ sung" với đúng những gì thay đổi.\n' +
        'Import the appendix table: plan.imported the first time, nothing for the same table again, one plan.revised with exactly what changed for an edited one.',
    )
    .argument('<file>', 'bảng phụ lục .xlsx, .txt hoặc .tsv / the appendix table')
    .requiredOption('--ledger <ledger.ndjson>', 'tệp sổ (tạo mới nếu chưa có) / the ledger file (created if missing)')
    .option('--sheet <name>', 'tên sheet chứa bảng / the sheet to read')
    .option('--year <year>', 'năm của kế hoạch khi tiêu đề không ghi / the plan year')
    .requiredOption('--actor <name>', 'người nhập / who imports it')
    .requiredOption('--unit <unit>', 'cơ quan, đơn vị / their agency')
    .option('--document <text>', 'văn bản điều chỉnh, bổ sung, vd. "Kế hoạch số 150/KH-UBND ngày 15/07/2021" / the document deciding a revision')
    .action(async (file: string, options: ImportOptions) => {
      const read = await readForCli(file, options);
      const bytes = new Uint8Array(await readFile(file));
      const source = { file: basename(file), ...(read.sheet && { sheet: read.sheet }), sha256: sha256HexBytes(bytes) };
      const actor = { name: options.actor, unit: options.unit };
      const { ledger, close } = await openWritableLedger(options.ledger);
      try {
        const state = ledger.state;
        if (!state.plan) {
          const data = planImportedData(read, { name: source.file, sha256: source.sha256 });
          const [event] = await ledger.append({ type: 'plan.imported', actor, data });
          const warnings = read.warnings.length ? `; ${read.warnings.length} cảnh báo (xem "cchc inspect")` : '';
          say(`Đã nhập / imported: ${data.sections.length} phần, ${data.tasks.length} nhiệm vụ, ${data.items.length} mục theo dõi${warnings} — seq ${event!.seq}`);
          return;
        }
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
          say('Bảng không thay đổi so với kế hoạch trong sổ: không ghi gì. / The table matches the plan in the ledger: nothing recorded.');
          return;
        }
        const [event] = await ledger.append({ type: 'plan.revised', actor, data: revision });
        sayIfStampedAhead([event!]);
        say(
          `Đã ghi điều chỉnh, bổ sung / revised: ${revision.added.length} mục thêm, ${revision.amended.length} mục sửa, ${revision.withdrawn.length} mục rút — seq ${event!.seq}`,
        );
      } catch (error) {
        if (error instanceof LedgerError) throw asCliError(options.ledger, error);
        if (error instanceof TableError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
        throw error;
      } finally {
        await close();
      }
    });
}

const say = (line: string) => process.stdout.write(`${line}\n`);

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
