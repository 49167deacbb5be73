import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { enrolmentRequest, EnrolmentRequest, enrolmentStatement } from '../../ledger/enrolment-request.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { FORMAT_SIGNED, KeyRole } from '../../ledger/events.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import { verify } from '../../ledger/verify.ts';
import { formatDocumentRef, parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { legalCheckLines, legalSignatureOf } from '../legal-signature.ts';
import { parseKnownAt } from '../report-ledger.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { writeNewKeyFile } from '../key-file.ts';
import { openLedgerSource } from '../ledger-source.ts';
import { asCliError, KEY_OPTION, openWritableLedger, placeText } from '../writable-ledger.ts';

export function register(program: Command): void {
  const key = program
    .command('key')
    .description('Khóa ký Ed25519 của người ghi nhận: tạo, đăng ký vào sổ, thu hồi, liệt kê.\nEd25519 signing keys: make one, enroll it in a ledger, revoke it, list them.');

  key
    .command('new')
    .description('Tạo khóa riêng mới (PKCS#8, quyền 600) và yêu cầu đăng ký <out>.request.json.\nMake a new private key (PKCS#8, mode 600) and its enrolment request <out>.request.json.')
    .requiredOption('--name <name>', 'họ và tên / your name')
    .requiredOption('--unit <unit>', 'cơ quan, đơn vị / your agency')
    .requiredOption('--out <file>', 'tệp khóa riêng (không ghi đè) / the private key file (never overwritten)')
    .action(async (options: { name: string; unit: string; out: string }) => {
      const signer = await writeNewKeyFile(options.out);
      const request = enrolmentRequest(signer.publicKey, { name: options.name, unit: options.unit });
      const requestFile = `${options.out}.request.json`;
      // Written as the exact bytes a legal signature (chữ ký số) over it signs: its RFC 8785 JSON.
      await writeFile(requestFile, enrolmentStatement({ key: request.fingerprint, publicKey: request.publicKey, person: request.person }));
      process.stdout.write(
        `Đã tạo khóa / key made: ${options.out} (giữ bí mật / keep it secret)\n` +
          `Dấu vân tay / fingerprint: ${shortFingerprint(request.fingerprint)} (${request.fingerprint})\n` +
          `Yêu cầu đăng ký / enrolment request: ${requestFile} — gửi cho người quản trị sổ / send it to the ledger's administrator\n`,
      );
    });

  key
    .command('enroll')
    .description('Đăng ký khóa của một người vào sổ (người quản trị ký).\nEnroll a person\'s key in the ledger (signed by an administrator).')
    .argument('<ledger>', 'tệp sổ .ndjson / the .ndjson ledger')
    .requiredOption('--request <file>', 'yêu cầu đăng ký (.request.json) / the enrolment request')
    .option('--role <role>', 'member (ghi nhận) | admin (quản trị)', 'member')
    .option('--decision <text>', 'quyết định phân công người này, vd. "Quyết định số 12/QĐ-SNV ngày 05/01/2021" / the decision assigning the person')
    .option('--legal-signature <file>', 'chữ ký số của người này trên tệp yêu cầu đăng ký (nhị phân, như openssl dgst -sha256 -sign ghi), kèm --certificate / their legal signature (chữ ký số) over the request file (raw bytes, as openssl dgst -sha256 -sign writes them), with --certificate')
    .option('--certificate <file>', 'chứng thư số X.509 của người này (PEM hoặc DER), được ghi kèm vào sổ / their X.509 certificate (PEM or DER), recorded in the enrolment')
    .option(...KEY_OPTION)
    .action(async (file: string, options: { request: string; role: string; decision?: string; legalSignature?: string; certificate?: string; key?: string }) => {
      const role = KeyRole.safeParse(options.role);
      if (!role.success) throw new CliError(`--role phải là member hoặc admin.`, `--role must be member or admin.`, EXIT_USAGE);
      if ((options.legalSignature === undefined) !== (options.certificate === undefined)) {
        throw new CliError('--legal-signature và --certificate phải đi cùng nhau: chữ ký số và chứng thư số đã tạo ra nó.', '--legal-signature and --certificate go together: the legal signature and the certificate that made it.', EXIT_USAGE);
      }
      const request = await readRequest(options.request);
      const decision = options.decision === undefined ? undefined : parseDocumentRef(options.decision);
      const enrolled = { key: request.fingerprint, publicKey: request.publicKey, person: request.person };
      const legal = options.certificate && options.legalSignature ? await legalSignatureOf(enrolled, options.certificate, options.legalSignature, new Date()) : undefined;
      await asAdministrator(file, options.key, async (ledger, actor, waitingToSync) => {
        const [event] = await ledger.append({
          type: 'key.enrolled',
          actor,
          data: { ...enrolled, role: role.data, ...(decision && { decision }), ...(legal && { legal: legal.legal }) },
        });
        process.stdout.write(
          `Đã đăng ký khóa / enrolled: ${shortFingerprint(request.fingerprint)} — ${request.person.name} (${request.person.unit}), ${role.data}, ${placeText(waitingToSync, event!)}\n`,
        );
        if (legal) process.stdout.write(legalCheckLines({ ...legal.check, seq: event!.seq }).join('\n') + '\n');
      });
    });

  key
    .command('revoke')
    .description('Thu hồi một khóa từ một thời điểm (mặc định: bây giờ).\nRevoke a key from a moment (default now).')
    .argument('<ledger>', 'tệp sổ .ndjson / the .ndjson ledger')
    .requiredOption('--fingerprint <hex>', 'dấu vân tay của khóa (đủ 64 ký tự, hoặc phần đầu đủ phân biệt) / the key fingerprint (or an unambiguous start)')
    .requiredOption('--reason <text>', 'lý do / why')
    .option('--from <moment>', 'thu hồi từ thời điểm này / revoked from this moment (2021-03-16T10:00, Vietnam time)')
    .option(...KEY_OPTION)
    .action(async (file: string, options: { fingerprint: string; reason: string; from?: string; key?: string }) => {
      await asAdministrator(file, options.key, async (ledger, actor, waitingToSync) => {
        const wanted = options.fingerprint.replace(/\s+/g, '').toLowerCase();
        const matches = ledger.keys.keys.filter((k) => k.fingerprint.startsWith(wanted));
        if (wanted.length < 8 || matches.length !== 1) {
          throw new CliError(
            `Không xác định được một khóa duy nhất có dấu vân tay bắt đầu bằng "${options.fingerprint}" (cần ít nhất 8 ký tự).`,
            `No single key has a fingerprint starting "${options.fingerprint}" (give at least 8 hex digits).`,
            EXIT_USAGE,
          );
        }
        const target = matches[0]!;
        const from = options.from === undefined ? new Date().toISOString() : parseKnownAt(options.from);
        const [event] = await ledger.append({ type: 'key.revoked', actor, data: { key: target.fingerprint, from, reason: options.reason } });
        process.stdout.write(`Đã thu hồi khóa / revoked: ${shortFingerprint(target.fingerprint)} — ${target.person.name}, từ / from ${from}, ${placeText(waitingToSync, event!)}\n`);
      });
    });

  key
    .command('list')
    .description('Các khóa đã đăng ký trong sổ (sau khi kiểm tra sổ).\nThe keys enrolled in the ledger (after verifying it).')
    .argument('<ledger>', 'tệp sổ .ndjson, hoặc tệp Excel .xlsx có trang sổ / an .ndjson ledger, or an .xlsx holding the ledger sheet')
    .option('--json', 'dạng JSON / as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const source = await openLedgerSource(file);
      const result = await verify(source.store.read(), { rules: false }).finally(() => source.store.close());
      if (!result.ok) {
        throw new CliError(`Sổ không hợp lệ ở ghi nhận số ${result.seq}: ${result.message_vi}`, `The ledger is broken at seq ${result.seq}: ${result.message_en}`, EXIT_FAILED);
      }
      if (result.format !== FORMAT_SIGNED) {
        process.stdout.write('Sổ không ký (định dạng 1): không có khóa.\nAn unsigned (format 1) ledger: no keys.\n');
        return;
      }
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result.keys, null, 2)}\n`);
        return;
      }
      for (const k of result.keys ?? []) {
        const revoked = k.revokedFrom ? ` | thu hồi từ / revoked from ${k.revokedFrom}` : '';
        const decision = k.decision ? ` | ${formatDocumentRef(k.decision)}` : '';
        const legal = k.legal ? ' | có chữ ký số / legal signature (cchc verify kiểm tra / checks it)' : '';
        process.stdout.write(`${shortFingerprint(k.fingerprint)} | ${k.person.name} (${k.person.unit}) | ${k.role} | seq ${k.enrolledSeq}${decision}${legal}${revoked}\n`);
      }
    });
}

async function readRequest(file: string): Promise<EnrolmentRequest> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Không đọc được yêu cầu đăng ký ${file}: ${(error as Error).message}`, `Cannot read the enrolment request ${file}: ${(error as Error).message}`, EXIT_USAGE);
  }
  const parsed = EnrolmentRequest.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(
      `${file} không phải yêu cầu đăng ký khóa hợp lệ (${issue?.path.join('.')}: ${issue?.message}).`,
      `${file} is not a valid key enrolment request (${issue?.path.join('.')}: ${issue?.message}).`,
      EXIT_USAGE,
    );
  }
  return parsed.data;
}

/** Opens the ledger with the administrator's key; the actor is the person that key is enrolled for. */
async function asAdministrator(file: string, keyFile: string | undefined, work: (ledger: Ledger, actor: { name: string; unit: string }, waitingToSync: boolean) => Promise<void>): Promise<void> {
  if (!keyFile && !process.env.CCHC_KEY) {
    throw new CliError('Cần khóa của người quản trị: --key TỆP hoặc biến CCHC_KEY.', "An administrator's key is needed: --key FILE or CCHC_KEY.", EXIT_USAGE);
  }
  const { ledger, close, waitingToSync } = await openWritableLedger(file, keyFile);
  try {
    if (ledger.format === null) {
      throw new CliError(`Sổ ${file} chưa có ghi nhận nào: hãy nhập kế hoạch trước bằng "cchc import … --key".`, `${file} holds no event yet: import the plan first with "cchc import … --key".`, EXIT_FAILED);
    }
    if (ledger.format !== FORMAT_SIGNED) {
      throw new CliError(`${file} là sổ không ký (định dạng 1): không đăng ký khóa được.`, `${file} is an unsigned (format 1) ledger: keys cannot be enrolled in it.`, EXIT_FAILED);
    }
    const signer = ledger.signerFingerprint!;
    const own = ledger.keys.get(signer);
    if (!own) {
      throw new CliError(
        `Khóa ${shortFingerprint(signer)}… chưa đăng ký trong sổ ${file}.`,
        `Key ${shortFingerprint(signer)}… is not enrolled in ${file}.`,
        EXIT_FAILED,
      );
    }
    await work(ledger, own.person, waitingToSync);
  } catch (error) {
    throw error instanceof LedgerError ? asCliError(file, error) : error;
  } finally {
    await close();
  }
}
