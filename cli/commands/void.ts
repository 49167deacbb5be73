import type { Command } from 'commander';
import { LedgerError } from '../../ledger/errors.ts';
import type { LedgerState } from '../../ledger/state.ts';
import { sayIfStampedAhead } from '../clock-notice.ts';
import { CliError, EXIT_USAGE } from '../exit.ts';
import { asCliError, openWritableLedger } from '../writable-ledger.ts';

interface VoidOptions {
  event: string;
  reason: string;
  actor: string;
  unit: string;
}

export function register(program: Command): void {
  program
    .command('void')
    .description('Hủy một ghi nhận sai: không xóa, mà ghi thêm một sự kiện nêu lý do.\nVoid a mistaken event: nothing is deleted; an event naming it and the reason is appended.')
    .argument('<ledger>', 'tệp sổ .ndjson / the .ndjson ledger')
    .requiredOption('--event <id|seq>', 'mã sự kiện, hoặc số thứ tự như trong `cchc log` / the event id, or its seq as `cchc log` shows it')
    .requiredOption('--reason <text>', 'lý do hủy / why it was a mistake')
    .requiredOption('--actor <name>', 'người ghi nhận / who records it')
    .requiredOption('--unit <unit>', 'cơ quan, đơn vị / their agency')
    .action(async (file: string, options: VoidOptions) => {
      const { ledger, close } = await openWritableLedger(file);
      try {
        const target = resolveEvent(ledger.state, options.event);
        const [event] = await ledger.append({
          type: 'event.voided',
          actor: { name: options.actor, unit: options.unit },
          data: { event: target, reason: options.reason },
        });
        sayIfStampedAhead([event!]);
        process.stdout.write(`Đã hủy / voided: ${target} (seq ${ledger.state.events.get(target)!.seq}) bằng seq ${event!.seq}\n`);
      } catch (error) {
        throw error instanceof LedgerError ? asCliError(file, error) : error;
      } finally {
        await close();
      }
    });
}

function resolveEvent(state: LedgerState, reference: string): string {
  if (state.events.has(reference)) return reference;
  const seq = /^#?(\d+)$/.exec(reference.trim());
  if (seq) {
    const found = state.events.idOfSeq(Number(seq[1]));
    if (found !== undefined) return found;
  }
  throw new CliError(`Không tìm thấy sự kiện "${reference}" trong sổ.`, `No event "${reference}" in the ledger.`, EXIT_USAGE);
}
