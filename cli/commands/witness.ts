import { stat } from 'node:fs/promises';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { Command } from 'commander';
import { formatVerifierKey, isKeyName, parseVerifierKey, SIGNATURE_TYPE } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { readKeyFile, writeNewKeyFile } from '../key-file.ts';
import { sayOnceOnStderr } from '../sync/log-witness.ts';
import { ServiceError } from '../../server/protocol/service-client.ts';
import { witnessRound } from '../witness/witness-round.ts';

interface WitnessOptions {
  server?: string;
  logKey?: string;
  key: string;
  name: string;
  state: string;
  interval: string;
  once?: boolean;
  printKey?: boolean;
}

export function register(program: Command): void {
  program
    .command('witness')
    .description(
      'Chạy một nhân chứng của nhật ký minh bạch của tỉnh (thanh tra tỉnh, trung tâm dữ liệu): theo dõi nhật ký, kiểm tra mỗi điểm kiểm mới nối tiếp điểm kiểm đã đồng ký, lưu lại, đồng ký (C2SP tlog-witness, tlog-cosignature) và gửi chữ ký đồng ký về dịch vụ; từ chối và lưu bằng chứng nếu nhật ký bị viết lại.\n' +
        "Run a witness of the province's transparency log (the provincial inspectorate, the data centre): follow the log, check that each new checkpoint extends the one cosigned before, keep it, cosign it (C2SP tlog-witness, tlog-cosignature) and post the cosignature back to the service; refuse, keeping the evidence, if the log was rewritten.",
    )
    .option('--server <url>', 'địa chỉ dịch vụ của tỉnh / the province\'s service')
    .option('--log-key <vkey>', 'khóa xác minh nhật ký do tỉnh công bố (vkey) / the log\'s verifier key as the province publishes it (vkey)')
    .requiredOption('--key <file>', 'khóa riêng Ed25519 của nhân chứng (tạo mới, quyền 0600, nếu chưa có) / the witness\'s Ed25519 private key (made, mode 0600, if missing)')
    .requiredOption('--name <name>', 'tên khóa của nhân chứng, vd. thanhtra.bentre.gov.vn/nhan-chung / the witness\'s key name, e.g. thanhtra.bentre.gov.vn/witness')
    .option('--state <file>', 'tệp trạng thái (điểm kiểm đã đồng ký); không bao giờ xóa / the state file (the checkpoint cosigned); never delete it', 'nhan-chung.json')
    .option('--interval <seconds>', 'số giây giữa hai lần hỏi nhật ký / seconds between two looks at the log', '5')
    .option('--once', 'chỉ một lần rồi thoát / one round, then exit')
    .option('--print-key', 'chỉ in khóa đồng ký (vkey) để cấu hình dịch vụ và bản sao / only print the cosignature vkey, to configure the service and the clones')
    .action(async (options: WitnessOptions) => {
      if (!isKeyName(options.name)) throw new CliError(`--name "${options.name}": tên khóa không được rỗng, có khoảng trắng hoặc dấu "+".`, `--name "${options.name}": a key name cannot be empty or hold spaces or "+".`, EXIT_USAGE);
      const made = (await stat(options.key).catch(() => null)) === null;
      const signer = made ? await writeNewKeyFile(options.key) : await readKeyFile(options.key);
      const vkey = formatVerifierKey(options.name, SIGNATURE_TYPE.cosignatureV1, hexToBytes(signer.publicKey));
      if (options.printKey) {
        process.stdout.write(`${vkey}\n`);
        return;
      }
      if (!options.server || !options.logKey) throw new CliError('cchc witness cần --server và --log-key; xem cchc witness --help.', 'cchc witness needs --server and --log-key; see cchc witness --help.', EXIT_USAGE);
      try {
        parseVerifierKey(options.logKey);
      } catch (error) {
        if (error instanceof TlogError) throw new CliError(`--log-key: ${error.messageVi}`, `--log-key: ${error.messageEn}`, EXIT_USAGE);
        throw error;
      }
      const seconds = Number(options.interval);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(`--interval "${options.interval}" phải là số giây dương.`, `--interval "${options.interval}" must be a positive number of seconds.`, EXIT_USAGE);
      process.stdout.write(`Nhân chứng / witness ${options.name}${made ? ' (khóa mới / new key)' : ''} — khóa đồng ký / cosignature key ${vkey}\n`);
      const setup = { server: options.server, logKey: options.logKey, name: options.name, signer, stateFile: options.state, say: sayOnceOnStderr };
      for (;;) {
        const outcome = await witnessRound(setup).catch((error: unknown) => {
          if (!(error instanceof ServiceError)) throw error;
          const vi = `${error.messageVi} Nhân chứng giữ nguyên trạng thái ${options.state}${options.once ? '; chạy lại khi kết nối được.' : ', thử lại sau.'}`;
          const en = `${error.messageEn} The witness keeps its state ${options.state}${options.once ? '; run it again once connected.' : ', and tries again.'}`;
          // A service down for a while is no reason for a running witness to stop; an alarm is.
          if (options.once) throw new CliError(vi, en, EXIT_FAILED);
          process.stderr.write(`${vi}\n${en}\n`);
          return { cosigned: null } as const;
        });
        if (outcome.cosigned !== null && outcome.fresh) {
          process.stdout.write(`Đã đồng ký điểm kiểm / cosigned the checkpoint of ${outcome.cosigned} mục / leaves (${new Date().toISOString()})\n`);
        }
        if (options.once) return;
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      }
    });
}
