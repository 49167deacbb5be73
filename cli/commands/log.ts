import type { Command } from 'commander';
import { formatVietnameseDate, vietnamDateOf } from '../../ledger/dates.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { LedgerEvent } from '../../ledger/events.ts';
import { locationText } from '../../ledger/location-text.ts';
import { replay } from '../../ledger/replay.ts';
import { schemaError } from '../../ledger/schema-error.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { auditRows, type AuditRow } from '../../templates/reports/audit-rows.ts';
import { shortHash } from '../../templates/reports/cell-values.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { resolveItem } from '../references.ts';
import { vietnamClockText } from '../vietnam-time.ts';
import { oneLineText } from '../terminal-text.ts';
import { openLedgerSource, type LedgerSource } from '../ledger-source.ts';
import { cloneStatusText } from '../sync/clone-status.ts';

interface LogOptions {
  item?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('log')
    .description(
      'Lịch sử của sổ, mỗi ghi nhận một dòng: số, thời điểm (giờ Việt Nam), người ghi, loại, mục theo dõi, thay đổi, ghi chú.\n' +
        'The ledger as a readable history, one line per event. It does not check the chain: use `cchc verify`.',
    )
    .argument('<ledger>', 'tệp sổ .ndjson, hoặc tệp Excel .xlsx có trang sổ / an .ndjson ledger, or an .xlsx holding the ledger sheet')
    .option('--item <id>', 'chỉ các ghi nhận về mục theo dõi này: mã (1.3) hoặc số thứ tự in trên bảng (I.3) / only the events about this tracked item: its id or printed numbering')
    .option('--json', 'mỗi ghi nhận một dòng JSON / one JSON object per line')
    .action(async (file: string, options: LogOptions) => {
      const source = await openLedgerSource(file);
      const { events, problem } = await readEvents(source);
      const rows = auditRows(events);
      const item = options.item === undefined ? undefined : resolveItem(replay(events), options.item);
      const shown = rows.filter((row, i) => item === undefined || concerns(events[i]!, row, item));
      if (options.json) {
        for (const row of shown) process.stdout.write(`${JSON.stringify({ ...row, when: vietnamClockText(row.at), voided: row.voidedBy !== null })}\n`);
      } else {
        const scope = item === undefined ? '' : ` về mục theo dõi ${item} / about tracked item ${item}`;
        process.stdout.write(`Nhật ký sổ ${file}${scope}: ${shown.length} ghi nhận / events\n`);
        if (source.kind === 'ndjson') process.stdout.write(await cloneStatusText(file));
        for (const row of shown) process.stdout.write(`${line(row)}\n`);
      }
      if (problem) {
        process.stderr.write(
          `Dừng ở ${problem.vi}: bản ghi không đọc được. Các dòng trên là phần đọc được; chạy "cchc verify ${file}" để biết chi tiết.\n` +
            `Stopped at ${problem.en}: unreadable record. The lines above are what could be read; run "cchc verify ${file}" for details.\n`,
        );
        process.exitCode = EXIT_FAILED;
      }
    });
}

/** The events up to the first record that is not one (the rest is verify's to explain). */
async function readEvents(source: LedgerSource): Promise<{ events: LedgerEvent[]; problem: { vi: string; en: string } | null }> {
  const events: LedgerEvent[] = [];
  try {
    for await (const raw of source.store.read()) {
      const parsed = 'parseError' in raw ? null : LedgerEvent.safeParse(raw.value);
      if (!parsed?.success) {
        const where = locationText(raw.where);
        const why = parsed ? schemaError(parsed.error) : null;
        return { events, problem: why ? { vi: `${where.vi} (${why.messageVi})`, en: `${where.en} (${why.messageEn})` } : where };
      }
      events.push(parsed.data);
    }
  } catch (error) {
    if (error instanceof LedgerError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    throw error;
  } finally {
    await source.store.close();
  }
  return { events, problem: null };
}

/** Whether an event is about `item`: its own item, a void of such an event, or a revision that adds, amends or withdraws it. */
function concerns(event: LedgerEvent, row: AuditRow, item: string): boolean {
  if (row.item === item) return true;
  if (event.type !== 'plan.revised') return false;
  const { added, amended, withdrawn } = event.data;
  return added.some((i) => i.id === item) || amended.some((a) => a.item === item) || withdrawn.some((w) => w.item === item);
}

function line(row: AuditRow): string {
  const parts = [
    `#${row.seq} ${shortHash(row.hash)}`,
    vietnamClockText(row.at),
    `${oneLineText(row.actor.name)} (${oneLineText(row.actor.unit)})${row.signer ? ` [khóa ${shortFingerprint(row.signer)}]` : ''}${row.origin ? ` [nguồn: ${row.origin}]` : ''}`,
    row.typeLabel,
    row.item ?? '',
    row.change.replace(/\n/g, '; '),
  ];
  if (row.effective && row.effective !== vietnamDateOf(row.at)) parts.push(`hiệu lực ${formatVietnameseDate(row.effective)}`);
  if (row.evidence) parts.push(`tài liệu: ${row.evidence}`);
  if (row.note) parts.push(`ghi chú: ${row.note.replace(/\s+/g, ' ')}`);
  if (row.voidedBy) parts.push(`[ĐÃ HỦY bởi #${row.voidedBy.seq}]`);
  return parts.filter((p) => p !== '').join(' | ');
}
