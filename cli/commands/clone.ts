import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { GENESIS_HASH } from '../../ledger/events.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { EMPTY_HEAD } from '../../ledger/store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { ChainChecker } from '../../ledger/verify.ts';
import { shortHash } from '../../templates/reports/cell-values.ts';
import { CliError, EXIT_USAGE } from '../exit.ts';
import { replaceFile } from '../output-file.ts';
import { asCliError } from '../writable-ledger.ts';
import { lockClone, syncStateFile, writeSyncState } from '../sync/clone-files.ts';
import { asSyncError, connectService } from '../sync/clone-sync.ts';
import { fetchContinuation } from '../sync/pull.ts';
import { SYNC_KEY_OPTION } from '../sync/sync-text.ts';

export function register(program: Command): void {
  program
    .command('clone')
    .description(
      'Tạo bản sao của sổ một kế hoạch trên dịch vụ của tỉnh, để ghi nhận cả khi không có mạng rồi đồng bộ (cchc push, pull, sync).\n' +
        "Clone a plan's ledger from the province's service, to record on it offline too and sync later (cchc push, pull, sync).",
    )
    .requiredOption('--server <url>', 'địa chỉ dịch vụ của tỉnh / the province\'s service, e.g. https://cchc.tinh.gov.vn')
    .requiredOption('--plan <id>', 'mã kế hoạch trên dịch vụ / the plan id on the service')
    .option(...SYNC_KEY_OPTION)
    .option('--out <file>', 'tệp sổ .ndjson của bản sao (không ghi đè); mặc định <mã kế hoạch>.ndjson / the clone\'s .ndjson ledger (never overwritten); default <plan id>.ndjson')
    .action(async (options: { server: string; plan: string; key?: string; out?: string }) => {
      const out = options.out ?? `${options.plan}.ndjson`;
      if (!/\.ndjson$/i.test(out)) throw new CliError(`--out ${out}: bản sao là một tệp .ndjson.`, `--out ${out}: a clone is an .ndjson file.`, EXIT_USAGE);
      for (const taken of [out, syncStateFile(out)]) {
        if (await stat(taken).catch(() => null)) throw new CliError(`Tệp ${taken} đã có; không ghi đè.`, `${taken} already exists; not overwritten.`, EXIT_USAGE);
      }
      const { client } = await connectService(options.server, options.key);
      const lock = await lockClone(out).catch((error: unknown) => {
        throw error instanceof LedgerError ? asCliError(out, error) : error;
      });
      try {
        const plan = await client.plan(options.plan);
        // Every event checked as verify checks it before anything is written here.
        const { events, head } = await fetchContinuation(client, plan.id, new ChainChecker());
        // The sync state first: from its first line on, the ledger is a clone that only the service writes.
        const state = { server: client.base, plan: plan.id, syncedSeq: 0, syncedHash: GENESIS_HASH, lastSyncAt: null };
        await writeSyncState(out, state);
        if (events.length > 0) await (await NdjsonStore.open(out)).append(events, EMPTY_HEAD);
        else await replaceFile(out, new Uint8Array());
        await writeSyncState(out, { ...state, syncedSeq: head.seq, syncedHash: head.hash, lastSyncAt: new Date().toISOString() });
        process.stdout.write(
          `Đã tạo bản sao / cloned: ${plan.title} (${plan.id}) từ / from ${client.base} vào / into ${out}: ${events.length} ghi nhận / events, ` +
            `đến số / up to seq ${head.seq} (${shortHash(head.hash)})\n`,
        );
      } catch (error) {
        throw asSyncError(out, error);
      } finally {
        await lock.release();
      }
    });
}
