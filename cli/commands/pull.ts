import type { Command } from 'commander';
import { pullClone, withClone } from '../sync/clone-sync.ts';
import { pulledText, SERVER_OPTION, SYNC_KEY_OPTION } from '../sync/sync-text.ts';

export function register(program: Command): void {
  program
    .command('pull')
    .description(
      'Tải về bản sao các ghi nhận mới trên dịch vụ, sau khi kiểm tra chúng nối tiếp chuỗi của bản sao (như cchc verify).\n' +
        "Bring the service's new events into a clone, once each is checked to continue the clone's chain (as cchc verify checks).",
    )
    .argument('<ledger>', 'tệp sổ .ndjson của bản sao / the clone\'s .ndjson ledger')
    .option(...SERVER_OPTION)
    .option(...SYNC_KEY_OPTION)
    .action(async (file: string, options: { server?: string; key?: string }) => {
      const pulled = await withClone(file, options, pullClone);
      process.stdout.write(pulledText(pulled));
    });
}
