import type { Command } from 'commander';
import { formatVietnameseDate, parseUserDate, vietnamDateOf } from '../../ledger/dates.ts';
import { LedgerError } from '../../ledger/errors.ts';
import type { EventDraft } from '../../ledger/events.ts';
import { parseStatus, STATUS_LABELS_VI } from '../../ledger/status.ts';
import { parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { shortHash } from '../../templates/reports/cell-values.ts';
import { sayIfStampedAhead } from '../clock-notice.ts';
import { CliError, EXIT_USAGE } from '../exit.ts';
import { resolveItem } from '../references.ts';
import { asCliError, KEY_OPTION, openWritableLedger } from '../writable-ledger.ts';

interface RecordOptions {
  key?: string;
  item: string;
  status?: string;
  effective?: string;
  evidence?: string;
  note?: string;
  percent?: string;
  actor: string;
  unit: string;
}

export function register(program: Command): void {
  program
    .command('record')
    .description('Ghi nhận thay đổi của một nhiệm vụ (trạng thái, tài liệu kiểm chứng, ghi chú), qua cùng các quy tắc như add-in.\nRecord a change to one item (status, evidence, note) through the same validation as the add-in.')
    .argument('<ledger>', 'tệp sổ .ndjson / the .ndjson ledger')
    .requiredOption('--item <id>', 'mục theo dõi: mã (1.3) hoặc số thứ tự in trên bảng (I.3) / the item: its id (1.3) or the numbering printed in the sheet (I.3)')
    .option('--status <status>', 'trạng thái mới: done | in_progress | not_started | on_hold, hoặc "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Tạm dừng"')
    .option('--effective <date>', 'ngày xảy ra (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định ngày của văn bản ở --evidence, không có thì hôm nay / the day it happened (default: the date of the --evidence document, else today)')
    .option('--evidence <text>', 'tài liệu kiểm chứng, vd. "Kế hoạch số 513/KH-UBND ngày 31/12/2020"')
    .option('--note <text>', 'ghi chú / note (needed to reopen a done item)')
    .option('--percent <n>', 'phần trăm hoàn thành, kèm --note / percent done, with --note')
    .requiredOption('--actor <name>', 'người ghi nhận / who records it')
    .requiredOption('--unit <unit>', 'cơ quan, đơn vị / their agency')
    .option(...KEY_OPTION)
    .action(async (file: string, options: RecordOptions) => {
      draftsFor(options); // usage errors before the ledger is opened
      const { ledger, close, waitingToSync } = await openWritableLedger(file, options.key, { name: options.actor, unit: options.unit });
      try {
        const drafts = draftsFor({ ...options, item: resolveItem(ledger.state, options.item) });
        if (options.effective !== undefined) refuseOutsidePlan(ledger.state.plan?.identity ?? null, drafts);
        const events = await ledger.append(drafts);
        sayIfStampedAhead(events);
        for (const e of events) {
          const day = 'effective' in e.data ? e.data.effective : undefined;
          const effective = day ? ` (hiệu lực / effective ${formatVietnameseDate(day)})` : '';
          process.stdout.write(
            waitingToSync ? `Đã lưu, chờ đồng bộ / saved, waiting to sync: ${e.type} (mã / id ${e.id})${effective}\n` : `Đã lưu / saved: seq ${e.seq} ${e.type} ${shortHash(e.hash)}${effective}\n`,
          );
        }
      } catch (error) {
        throw error instanceof LedgerError ? asCliError(file, error) : error;
      } finally {
        await close();
      }
    });
}

/** An --effective typed outside the plan's year (from its document's date, if earlier, to 31/12) is a typing mistake. */
function refuseOutsidePlan(plan: { year: number; date?: string | undefined; period?: { from: number; to: number } | undefined } | null, drafts: readonly EventDraft[]): void {
  if (!plan) return;
  // A programme over several years ("giai đoạn 2021-2025") runs to the end of its last year.
  const years = plan.period ?? { from: plan.year, to: plan.year };
  const first = [`${years.from}-01-01`, plan.date ?? `${years.from}-01-01`].sort()[0]!;
  const last = `${years.to}-12-31`;
  const named = years.from === years.to ? `năm ${years.from}` : `giai đoạn ${years.from}–${years.to}`;
  for (const draft of drafts) {
    const effective = (draft.data as { effective?: string }).effective;
    if (effective !== undefined && (effective < first || effective > last)) {
      throw new CliError(
        `--effective ${formatVietnameseDate(effective)} nằm ngoài kế hoạch ${named} (từ ${formatVietnameseDate(first)} đến ${formatVietnameseDate(last)}); không ghi gì.`,
        `--effective ${effective} is outside the ${years.from === years.to ? years.from : `${years.from}–${years.to}`} plan (${first} to ${last}); nothing was recorded.`,
        EXIT_USAGE,
      );
    }
  }
}

/** The --evidence citation; an address that is not https is a usage error, said in both languages. */
function evidenceOf(text: string) {
  try {
    return parseDocumentRef(text);
  } catch (error) {
    if (error instanceof LedgerError) throw new CliError(error.messageVi, error.messageEn, EXIT_USAGE);
    throw error;
  }
}

/** One event per kind of change given, in the order status, evidence, note; all are stored or none. */
function draftsFor(options: RecordOptions): EventDraft[] {
  const actor = { name: options.actor, unit: options.unit };
  const document = options.evidence === undefined ? undefined : evidenceOf(options.evidence);
  // Without --effective, the day the cited document was issued ("… ngày 15/03/2021"), else today.
  const effective = options.effective === undefined ? (document?.date ?? vietnamDateOf(new Date())) : parseUserDate(options.effective);
  if (!effective) throw new CliError(`--effective "${options.effective}" không phải ngày hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy).`, `--effective "${options.effective}" is not a date (YYYY-MM-DD or dd/mm/yyyy).`, EXIT_USAGE);
  if (options.status === undefined && options.evidence === undefined && options.note === undefined) {
    throw new CliError('Cần ít nhất một trong --status, --evidence, --note.', 'Give at least one of --status, --evidence, --note.', EXIT_USAGE);
  }
  const drafts: EventDraft[] = [];
  const note = options.note;
  if (options.status !== undefined) {
    const status = parseStatus(options.status);
    if (!status) {
      const labels = Object.values(STATUS_LABELS_VI).join('", "');
      throw new CliError(`--status "${options.status}" không phải trạng thái; dùng "${labels}".`, `--status "${options.status}" is not a status; use done, in_progress, not_started or on_hold.`, EXIT_USAGE);
    }
    drafts.push({ type: 'status.changed', actor, data: { item: options.item, status, effective, ...(note !== undefined && { note }) } });
  }
  if (document !== undefined) {
    drafts.push({ type: 'evidence.attached', actor, data: { item: options.item, document, effective } });
  }
  if (options.percent !== undefined && (note === undefined || options.status !== undefined)) {
    throw new CliError(
      '--percent chỉ đi kèm --note (ghi nhận tiến độ), không kèm --status; không ghi gì.',
      '--percent goes with --note alone (a progress note), not with --status; nothing was recorded.',
      EXIT_USAGE,
    );
  }
  if (note !== undefined && options.status === undefined) {
    // Digits only: Number() would read "" as 0 and "0x32" as 50.
    const percent = options.percent === undefined ? undefined : /^\d{1,3}(\.\d+)?$/.test(options.percent.trim()) ? Number(options.percent) : Number.NaN;
    if (percent !== undefined && !(percent >= 0 && percent <= 100)) {
      throw new CliError(`--percent "${options.percent}" phải là một số từ 0 đến 100.`, `--percent "${options.percent}" must be a number from 0 to 100.`, EXIT_USAGE);
    }
    drafts.push({ type: 'progress.noted', actor, data: { item: options.item, note, effective, ...(percent !== undefined && { percent }) } });
  }
  return drafts;
}
