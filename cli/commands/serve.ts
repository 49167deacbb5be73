import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { EnrolmentRequest } from '../../ledger/enrolment-request.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { fingerprintOf, shortFingerprint } from '../../ledger/signed-content.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { redactedUrl } from '../../server/db/storage-error.ts';
import { provinceOf } from '../../server/directory.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { servicePlugins } from '../../server/http/service-plugins.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { trustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import { logVerifierKey } from '../../server/transparency/checkpoint-signer.ts';
import { defaultLogOrigin, LOG_KEY_FILE_NAME, logKeyOf } from '../log-key.ts';
import { ServiceError } from '../../server/protocol/service-error.ts';
import { initProvince } from '../../server/province-init.ts';
import { allowedOrigin } from '../allowed-origin.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { readKeyFile } from '../key-file.ts';

interface DatabaseOptions {
  database?: string;
  data?: string;
}

const DEFAULT_DATA = './cchc-data';

const databaseOptions = (command: Command): Command =>
  command
    .addOption(new Option('--database <url>', 'máy chủ PostgreSQL (postgres://…) / a PostgreSQL server').conflicts('data'))
    .option('--data <dir>', `PostgreSQL nhúng (PGlite) trong thư mục này; mặc định ${DEFAULT_DATA} / embedded PostgreSQL (PGlite) in this directory; default ${DEFAULT_DATA}`);

export function register(program: Command): void {
  const serve = databaseOptions(
    program
      .command('serve')
      .description(
        'Chạy dịch vụ của tỉnh: sổ của mọi cơ quan trên PostgreSQL, đồng bộ với add-in và dòng lệnh (docs/sync-protocol.md).\n' +
          "Run the province's service: every agency's ledger on PostgreSQL, synced with the add-in and the command line (docs/sync-protocol.md).",
      ),
  )
    .option('--port <port>', 'cổng / the port (0: any free one)', '8080')
    .option('--host <host>', 'địa chỉ lắng nghe / the address to listen on', '127.0.0.1')
    .option('--log-key <file>', `khóa ký các điểm kiểm của nhật ký minh bạch (tạo mới nếu chưa có, không bao giờ đổi); mặc định ${LOG_KEY_FILE_NAME} trong thư mục dữ liệu, hoặc thư mục hiện tại với --database / the key that signs the transparency log's checkpoints (made if missing, never to change); default ${LOG_KEY_FILE_NAME} in the data directory, or here with --database`)
    .option('--log-origin <origin>', 'tên của nhật ký trong các điểm kiểm (không bao giờ đổi); mặc định cchc/tinh-<mã tỉnh> / the log\'s origin line (never to change); default cchc/tinh-<province code>')
    .option(
      '--allow-origin <origin>',
      'nguồn web được gọi API từ trình duyệt (add-in), lặp lại cho nhiều nguồn, ví dụ https://addin.sonoivu.gov.vn / a web origin allowed to call the API from a browser (the add-in), repeat for several',
      allowedOrigin,
    )
    .option('--witness <vkey>', 'khóa đồng ký (vkey) của một nhân chứng được nhận chữ ký đồng ký (cchc witness); lặp lại cho mỗi nhân chứng / the cosignature vkey of a witness whose cosignatures are accepted (cchc witness); repeat for each', (vkey: string, all: string[]) => [...all, vkey], [] as string[])
    .action(async (options: DatabaseOptions & { port: string; host: string; logKey?: string; logOrigin?: string; allowOrigin?: string[]; witness: string[] }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port "${options.port}" không phải số cổng (0–65535).`, `--port "${options.port}" is not a port number (0–65535).`, EXIT_USAGE);
      for (const vkey of options.witness) {
        try {
          trustedWitnesses([vkey], 1);
        } catch (error) {
          if (error instanceof TlogError) throw new CliError(`--witness: ${error.messageVi}`, `--witness: ${error.messageEn}`, EXIT_USAGE);
          throw error;
        }
      }
      const { db, where } = await open(options);
      const province = await provinceOf(db);
      // The log's origin names the province: a service with none yet serves no log until it has one.
      const log = province
        ? await logKeyOf(options.logKey ?? join(options.database === undefined ? (options.data ?? DEFAULT_DATA) : '.', LOG_KEY_FILE_NAME), options.logOrigin ?? defaultLogOrigin(province.code))
        : undefined;
      const app = await buildServiceApp({
        db,
        plugins: servicePlugins({ db, ...(log && { logKey: log.key }), witnesses: options.witness }),
        ...(options.allowOrigin && { allowedOrigins: options.allowOrigin }),
      });
      let address: string;
      try {
        address = await app.listen({ port, host: options.host });
      } catch (error) {
        await db.close();
        const reason = (error as Error).message;
        throw new CliError(`Không lắng nghe được ở ${options.host}:${port}: ${reason}.`, `Cannot listen on ${options.host}:${port}: ${reason}.`, EXIT_FAILED);
      }
      process.stdout.write(
        `Dịch vụ CCHC đang chạy tại / The CCHC service is running at ${address}\n` +
          `Cơ sở dữ liệu / database: ${where}\n` +
          (province
            ? `Tỉnh / province: ${province.name} (${province.code})\n`
            : 'Chưa có tỉnh: hãy chạy "cchc serve init" / No province yet: run "cchc serve init"\n') +
          `Bảng điều khiển / dashboard: ${address}/\n` +
          (options.allowOrigin ? `Add-in được gọi từ / the add-in may call from: ${options.allowOrigin.join(', ')}\n` : '') +
          (log
            ? `Nhật ký minh bạch / transparency log: ${address}/log/checkpoint — khóa kiểm tra / verifier key ${logVerifierKey(log.key)}${log.made ? ' (mới tạo / new)' : ''}\n`
            : ''),
      );
      const stop = async () => {
        await app.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  databaseOptions(
    serve
      .command('init')
      .description(
        'Người vận hành tạo tỉnh, Sở Nội vụ và người quản trị đầu tiên của tỉnh (một lần, trực tiếp trong cơ sở dữ liệu).\n' +
          "The operator creates the province, its Sở Nội vụ and the province's first administrator (once, directly in the database).",
      ),
  )
    .requiredOption('--province <code>', 'mã tỉnh / the province code (83)')
    .requiredOption('--name <name>', 'tên tỉnh / the province name ("Tỉnh Bến Tre")')
    .requiredOption('--agency-id <id>', 'mã của Sở Nội vụ trong danh bạ / the Sở Nội vụ\'s id in the directory (snv)')
    .requiredOption('--agency-name <name>', 'tên chính thức của Sở Nội vụ / its official name ("Sở Nội vụ tỉnh Bến Tre")')
    .requiredOption('--admin-id <id>', 'mã của người quản trị / the administrator\'s id')
    .requiredOption('--admin-name <name>', 'họ và tên người quản trị / the administrator\'s full name')
    .requiredOption('--admin-key <key>', 'khóa công khai (64 chữ số hệ 16), yêu cầu đăng ký (.request.json) hoặc tệp khóa riêng / the public key (64 hex), an enrolment request (.request.json) or a private key file')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DatabaseOptions & { province: string; name: string; agencyId: string; agencyName: string; adminId: string; adminName: string; adminKey: string }>();
      const publicKey = await publicKeyOf(options.adminKey);
      const { db, where } = await open(options);
      try {
        await initProvince(db, {
          province: { code: options.province, name: options.name },
          agency: { id: options.agencyId, officialName: options.agencyName },
          admin: { id: options.adminId, fullName: options.adminName, publicKey },
        });
      } catch (error) {
        if (error instanceof ServiceError || error instanceof LedgerError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
        throw error;
      } finally {
        await db.close();
      }
      process.stdout.write(
        `Đã tạo / created: ${options.name} (${options.province}), ${options.agencyName} (${options.agencyId}), ` +
          `người quản trị / administrator ${options.adminName} (${options.adminId}, khóa / key ${shortFingerprint(fingerprintOf(publicKey))}) — ${where}\n`,
      );
    });
}

async function open(options: DatabaseOptions): Promise<{ db: Database; where: string }> {
  const target = options.database ?? options.data ?? DEFAULT_DATA;
  if (options.database !== undefined && !/^postgres(ql)?:\/\//i.test(options.database)) {
    throw new CliError(`--database phải là địa chỉ postgres://…; cơ sở dữ liệu nhúng dùng --data THƯ_MỤC.`, `--database must be a postgres://… address; an embedded database is --data DIR.`, EXIT_USAGE);
  }
  try {
    const onWait = (vi: string, en: string) => process.stderr.write(`${vi}\n${en}\n`);
    return { db: await openDatabase(target, { onWait }), where: options.database !== undefined ? redactedUrl(target) : `PGlite ${target}` };
  } catch (error) {
    if (error instanceof LedgerError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    throw error;
  }
}

/** A public key given as hex, as an enrolment request, or as the private key file it comes from. */
async function publicKeyOf(given: string): Promise<string> {
  if (/^[0-9a-f]{64}$/i.test(given)) return given.toLowerCase();
  const text = await readFile(given, 'utf8').catch(() => null);
  if (text === null) throw new CliError(`--admin-key: không có tệp ${given}, và đây không phải khóa công khai 64 chữ số hệ 16.`, `--admin-key: no file ${given}, and it is not a 64-hex-digit public key.`, EXIT_USAGE);
  if (text.trimStart().startsWith('{')) {
    const request = EnrolmentRequest.safeParse(parseJson(text));
    if (!request.success) throw new CliError(`--admin-key: ${given} không phải yêu cầu đăng ký khóa hợp lệ.`, `--admin-key: ${given} is not a valid key enrolment request.`, EXIT_USAGE);
    return request.data.publicKey;
  }
  return (await readKeyFile(given)).publicKey;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
