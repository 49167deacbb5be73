import type { Command } from 'commander';
import { EXIT_FAILED } from '../exit.ts';
import { syncClone, withClone } from '../sync/clone-sync.ts';
import { pulledText, pushedText, refusedText, SERVER_OPTION, SYNC_KEY_OPTION } from '../sync/sync-text.ts';

export function register(program: Command): void {
  program
    .command('sync')
    .description('Đồng bộ bản sao với dịch vụ: đẩy lên các ghi nhận chờ đồng bộ, rồi tải về các ghi nhận mới.\nSync a clone with the service: push its pending events, then pull the new ones.')
    .argument('<ledger>', 'tệp sổ .ndjson của bản sao / the clone\'s .ndjson ledger')
    .option(...SERVER_OPTION)
    .option(...SYNC_KEY_OPTION)
    .addHelpText('after', '\nMã thoát / exit codes: 0 xong / done, 1 có ghi nhận bị từ chối hoặc không kết nối được / an event was refused, or the service could not be reached, 2 sai cách dùng / bad usage.\n')
    .action(async (file: string, options: { server?: string; key?: string }) => {
      const rounds = await withClone(file, options, syncClone);
      for (const { pushed, pulled } of rounds) {
        process.stdout.write(pushedText(pushed) + pulledText(pulled));
        process.stderr.write(refusedText(pushed, file));
        if (pushed.refused.length > 0) process.exitCode = EXIT_FAILED;
      }
    });
}
