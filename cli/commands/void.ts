import type { Command } from 'commander';
import { LedgerError } from '../../ledger/errors.ts';
import { resolveEvent } from '../references.ts';
import { sayIfStampedAhead } from '../clock-notice.ts';
import { asCliError, KEY_OPTION, openWritableLedger, placeText } from '../writable-ledger.ts';

interface VoidOptions {
  key?: string;
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
    .requiredOption('--event <seq|hash|id>', 'số thứ tự hoặc mã băm ngắn như `cchc log` in, hoặc mã sự kiện / the seq or the short hash `cchc log` prints, or the event id')
    .requiredOption('--reason <text>', 'lý do hủy / why it was a mistake')
    .requiredOption('--actor <name>', 'người ghi nhận / who records it')
    .requiredOption('--unit <unit>', 'cơ quan, đơn vị / their agency')
    .option(...KEY_OPTION)
    .action(async (file: string, options: VoidOptions) => {
      const { ledger, close, waitingToSync } = await openWritableLedger(file, options.key, { name: options.actor, unit: options.unit });
      try {
        const target = await resolveEvent(ledger.state, options.event, () => ledger.events());
        const [event] = await ledger.append({
          type: 'event.voided',
          actor: { name: options.actor, unit: options.unit },
          data: { event: target, reason: options.reason },
        });
        sayIfStampedAhead([event!]);
        process.stdout.write(`Đã hủy / voided: ${target} (seq ${ledger.state.events.get(target)!.seq}) bằng / by ${placeText(waitingToSync, event!)}\n`);
      } catch (error) {
        throw error instanceof LedgerError ? asCliError(file, error) : error;
      } finally {
        await close();
      }
    });
}
