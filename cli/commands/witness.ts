import { stat } from 'node:fs/promises';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { Command } from 'commander';
import { formatVerifierKey, isKeyName, parseVerifierKey, SIGNATURE_TYPE } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { readKeyFile, writeNewKeyFile } from '../key-file.ts';
import { sayOnceOnStderr } from '../sync/log-witness.ts';
import { ServiceError } from '../../server/protocol/service-client.ts';
import { witnessService } from '../witness/add-checkpoint.ts';
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
  listen?: string;
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
    .option(
      '--listen <host:port>',
      'nhận điểm kiểm qua HTTP: POST /add-checkpoint (C2SP tlog-witness), với hoặc không kèm --server / take checkpoints over HTTP: POST /add-checkpoint (C2SP tlog-witness), with or without --server',
    )
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
      if (!options.logKey || (!options.server && !options.listen)) {
        throw new CliError('cchc witness cần --log-key và --server hoặc --listen; xem cchc witness --help.', 'cchc witness needs --log-key and --server or --listen; see cchc witness --help.', EXIT_USAGE);
      }
      if (options.once && options.listen) throw new CliError('--once không đi cùng --listen.', '--once does not go with --listen.', EXIT_USAGE);
      const listening = options.listen === undefined ? null : listenAddress(options.listen);
      try {
        parseVerifierKey(options.logKey);
      } catch (error) {
        if (error instanceof TlogError) throw new CliError(`--log-key: ${error.messageVi}`, `--log-key: ${error.messageEn}`, EXIT_USAGE);
        throw error;
      }
      const seconds = Number(options.interval);
      if (!Number.isFinite(seconds) || seconds <= 0) throw new CliError(`--interval "${options.interval}" phải là số giây dương.`, `--interval "${options.interval}" must be a positive number of seconds.`, EXIT_USAGE);
      process.stdout.write(`Nhân chứng / witness ${options.name}${made ? ' (khóa mới / new key)' : ''} — khóa đồng ký / cosignature key ${vkey}\n`);
      const setup = { logKey: options.logKey, name: options.name, signer, stateFile: options.state, say: sayOnceOnStderr };
      if (listening) {
        const app = await witnessService(setup);
        const address = await app.listen(listening);
        process.stdout.write(`Nhận điểm kiểm tại / taking checkpoints at ${address}/add-checkpoint (C2SP tlog-witness)\n`);
      }
      if (!options.server) return;
      const polling = { ...setup, server: options.server };
      for (;;) {
        const outcome = await witnessRound(polling).catch((error: unknown) => {
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

/** "127.0.0.1:7380", ":7380" or "7380" (all interfaces only when a host says so). */
function listenAddress(text: string): { host: string; port: number } {
  const match = /^(?:(.*):)?(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port > 65_535) throw new CliError(`--listen "${text}": viết cổng hoặc máy:cổng, vd. 127.0.0.1:7380.`, `--listen "${text}": write a port or host:port, e.g. 127.0.0.1:7380.`, EXIT_USAGE);
  return { host: match[1] || '127.0.0.1', port };
}
