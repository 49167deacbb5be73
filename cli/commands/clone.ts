import type { Command } from 'commander';
import { shortHash } from '../../templates/reports/cell-values.ts';
import { witnessTrust } from '../../server/protocol/witness-trust.ts';
import { CliError, EXIT_USAGE } from '../exit.ts';
import { clonePlan, type LogTrust } from '../sync/clone-plan.ts';
import { connectService } from '../sync/clone-sync.ts';
import { sayOnceOnStderr } from '../sync/log-witness.ts';
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
    .option('--log-key <vkey>', 'khóa xác minh nhật ký minh bạch của tỉnh (vkey, do tỉnh công bố); không có thì tin khóa dịch vụ đưa ở lần đầu / the province\'s transparency log verifier key (vkey, as the province publishes it); without it, the key the service gives is trusted on first use')
    .option('--witness <vkey>', 'khóa đồng ký (vkey) của một nhân chứng tin cậy (cchc witness --print-key); lặp lại cho mỗi nhân chứng / the cosignature vkey of a trusted witness (cchc witness --print-key); repeat for each', (vkey: string, all: string[]) => [...all, vkey], [] as string[])
    .option('--witnesses-needed <k>', 'số nhân chứng phải đồng ký để điểm kiểm là chung cuộc; mặc định tất cả / how many witnesses must cosign for a checkpoint to be final; default all')
    .option('--out <file>', 'tệp sổ .ndjson của bản sao (không ghi đè); mặc định <mã kế hoạch>.ndjson / the clone\'s .ndjson ledger (never overwritten); default <plan id>.ndjson')
    .action(async (options: { server: string; plan: string; key?: string; out?: string; logKey?: string; witness: string[]; witnessesNeeded?: string }) => {
      const out = options.out ?? `${options.plan}.ndjson`;
      const trust = logTrust(options);
      const { client } = await connectService(options.server, options.key);
      const { plan, events, head } = await clonePlan(client, options.plan, out, trust, sayOnceOnStderr);
      process.stdout.write(
        `Đã tạo bản sao / cloned: ${plan.title} (${plan.id}) từ / from ${client.base} vào / into ${out}: ${events} ghi nhận / events, ` +
          `đến số / up to seq ${head.seq} (${shortHash(head.hash)})\n`,
      );
    });
}

/** The log key and witnesses given, checked before anything is fetched. */
function logTrust(options: { logKey?: string; witness: string[]; witnessesNeeded?: string }): LogTrust {
  const trust = witnessTrust(options.witness, options.witnessesNeeded);
  if ('vi' in trust) throw new CliError(`--witness/--witnesses-needed: ${trust.vi}`, `--witness/--witnesses-needed: ${trust.en}`, EXIT_USAGE);
  return { ...(options.logKey !== undefined && { logKey: options.logKey }), ...trust };
}
