import type { Command } from 'commander';
import { EXIT_FAILED } from '../exit.ts';
import { pushClone, withClone } from '../sync/clone-sync.ts';
import { pushedText, refusedText, SERVER_OPTION, SYNC_KEY_OPTION } from '../sync/sync-text.ts';

export function register(program: Command): void {
  program
    .command('push')
    .description(
      'Gửi các ghi nhận chờ đồng bộ của bản sao lên dịch vụ; ghi nhận bị từ chối được chuyển sang <sổ>.refused.ndjson kèm lý do.\n' +
        "Send a clone's pending events to the service; refused ones move to <ledger>.refused.ndjson with the reason.",
    )
    .argument('<ledger>', 'tệp sổ .ndjson của bản sao / the clone\'s .ndjson ledger')
    .option(...SERVER_OPTION)
    .option(...SYNC_KEY_OPTION)
    .addHelpText('after', '\nMã thoát / exit codes: 0 xong / done, 1 có ghi nhận bị từ chối hoặc không kết nối được / an event was refused, or the service could not be reached, 2 sai cách dùng / bad usage.\n')
    .action(async (file: string, options: { server?: string; key?: string }) => {
      const pushed = await withClone(file, options, (clone) => pushClone(clone));
      process.stdout.write(pushedText(pushed));
      process.stderr.write(refusedText(pushed, file));
      if (pushed.refused.length > 0) process.exitCode = EXIT_FAILED;
    });
}
