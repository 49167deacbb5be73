import type { Command } from 'commander';
import { LedgerError } from '../../ledger/errors.ts';
import { locationText } from '../../ledger/location-text.ts';
import type { TornTail } from '../../ledger/stores/ndjson-store.ts';
import { FORMAT_SIGNED, FORMAT_UNSIGNED } from '../../ledger/events.ts';
import { shortFingerprint } from '../../ledger/signed-content.ts';
import type { X509Certificate } from 'node:crypto';
import { parseAnchor, verify, type Anchor, type VerifyOk, type VerifyResult } from '../../ledger/verify.ts';
import { formatDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { formatIntegerVi } from '../../templates/reports/cell-values.ts';
import { futureDatedText } from '../clock-notice.ts';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exit.ts';
import { checkLegalSignature, legalCheckLines, readCertificates, type LegalCheck } from '../legal-signature.ts';
import { openLedgerSource } from '../ledger-source.ts';
import { recordsWithProgress } from '../progress.ts';
import { precheckingBy } from '../verify-pool.ts';
import { cloneStatusText } from '../sync/clone-status.ts';

interface VerifyOptions {
  anchor?: string;
  ca?: string[];
  json?: boolean;
  rules: boolean;
}

export function register(program: Command): void {
  program
    .command('verify')
    .description(
      'Kiểm tra sổ: định dạng, chuỗi băm, thời điểm, quy tắc ghi nhận, và mốc của báo cáo đã phát hành.\n' +
        "Verify a ledger: format, hash chain, clock, the recording rules, and an issued report's anchor.",
    )
    .argument('<ledger>', 'tệp sổ .ndjson, hoặc tệp Excel .xlsx có trang sổ / an .ndjson ledger, or an .xlsx holding the ledger sheet')
    .option('--anchor <seq:hash>', 'mốc in trên báo cáo đã phát hành (SỐ:MÃ_BĂM) / the anchor printed on an issued report (SEQ:HASH)')
    .option(
      '--ca <files...>',
      'chứng thư số của tổ chức cấp (gốc của Bộ TT&TT / NEAC và chứng thư trung gian của nhà cung cấp), để kiểm tra chuỗi của chữ ký số trong các đăng ký khóa / CA certificates (the NEAC root and the provider\'s intermediate) to check the chain of the legal signatures in key enrolments',
    )
    .option('--json', 'in kết quả dạng JSON / print the result as JSON')
    .option(
      '--no-rules',
      'chỉ kiểm tra định dạng và chuỗi, không kiểm tra quy tắc ghi nhận (bộ nhớ không tăng theo độ dài sổ) / check format and chain only, not the recording rules (memory does not grow with the ledger)',
    )
    .addHelpText('after', '\nMã thoát / exit codes: 0 hợp lệ / intact, 1 không hợp lệ / broken, 2 sai cách dùng / bad usage, 3 hợp lệ nhưng không in được kết quả / intact, but the output could not be written.\n')
    .action(async (file: string, options: VerifyOptions) => {
      let anchor: Anchor | undefined;
      if (options.anchor !== undefined) {
        anchor = parseAnchor(options.anchor) ?? undefined;
        if (!anchor) {
          throw new CliError(
            `--anchor "${options.anchor}" không đúng dạng SỐ:MÃ_BĂM (mã băm gồm 64 chữ số hệ 16), ví dụ 120:3f5a…`,
            `--anchor "${options.anchor}" is not SEQ:HASH (a hash of 64 hex digits), e.g. 120:3f5a…`,
            EXIT_USAGE,
          );
        }
      }
      const authorities = options.ca ? await readCertificates(options.ca, '--ca') : null;
      const source = await openLedgerSource(file);
      let result: VerifyResult;
      try {
        result = await verify(recordsWithProgress(source, 'Kiểm tra sổ / verifying', options.json), { rules: options.rules, prechecking: precheckingBy(), ...(anchor && { anchor }) });
      } catch (error) {
        if (error instanceof LedgerError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
        throw error;
      } finally {
        await source.store.close();
      }
      const torn = source.kind === 'ndjson' ? source.store.tornTail : null;
      const legal = result.ok ? legalChecks(result, authorities) : [];
      process.stdout.write(
        options.json ? `${JSON.stringify({ file, ...result, tornTail: torn, ...(legal.length && { legal }) }, null, 2)}\n` : report(file, result, torn, anchor, options.rules) + legalText(legal, authorities),
      );
      if (result.futureDated && !options.json) {
        const warning = futureDatedText(result.futureDated);
        process.stdout.write(`${warning.vi}\n${warning.en}\n`);
      }
      // A clone's pending events are not part of the chain verified; they are counted apart.
      if (!options.json && source.kind === 'ndjson') process.stdout.write(await cloneStatusText(file));
      process.exitCode = result.ok && !torn && legal.every((check) => !check.problem) ? EXIT_OK : EXIT_FAILED;
    });
}

function report(file: string, result: VerifyResult, torn: TornTail | null, anchor: Anchor | undefined, rules: boolean): string {
  if (result.ok) {
    const lines = [
      `Chuỗi hợp lệ: ${formatIntegerVi(result.count)} ghi nhận; ghi nhận cuối số ${formatIntegerVi(result.head.seq)}, mã băm ${result.head.hash}.`,
      `Chain intact: ${result.count} events; head seq ${result.head.seq}, hash ${result.head.hash}.`,
    ];
    lines.push(...formatLines(result));
    if (anchor) {
      lines.push(
        `Khớp mốc của báo cáo: ghi nhận số ${formatIntegerVi(anchor.seq)} có đúng mã băm đã in.`,
        `Matches the report's anchor: seq ${anchor.seq} has the printed hash.`,
      );
    }
    if (!rules) lines.push('(Không kiểm tra quy tắc ghi nhận: --no-rules.)', '(Recording rules not checked: --no-rules.)');
    return lines.join('\n') + '\n';
  }
  const where = locationText(result.where);
  const lines = [
    ...formatLines(result),
    `Chuỗi KHÔNG hợp lệ. Ghi nhận hỏng đầu tiên: số ${formatIntegerVi(result.seq)} (${where.vi}).`,
    `  Lỗi [${result.code}]: ${result.message_vi}`,
    `  ${formatIntegerVi(result.countBeforeProblem)} ghi nhận trước đó còn nguyên vẹn.`,
  ];
  const english = [
    `Chain broken. First bad event: seq ${result.seq} (${where.en}).`,
    `  Problem [${result.code}]: ${result.message_en}`,
    `  ${result.countBeforeProblem} events before it are intact.`,
  ];
  if (torn) {
    const atTail = result.where.byte === torn.byte;
    lines.push(
      `  ${atTail ? 'Đây là' : 'Ngoài ra, sổ có'} dòng cuối bị cắt dở (${formatIntegerVi(torn.length)} byte tại byte ${formatIntegerVi(torn.byte)}), thường do máy tắt khi đang ghi. Chạy "cchc repair ${file}" để chuyển phần hỏng sang tệp riêng, rồi kiểm tra lại.`,
    );
    english.push(
      `  ${atTail ? 'This is' : 'The ledger also ends in'} a torn last line (${torn.length} bytes at byte ${torn.byte}), usually from a crash during a write. Run "cchc repair ${file}" to move it aside, then verify again.`,
    );
  }
  return [...lines, ...english].join('\n') + '\n';
}

/** Which format the ledger is, and for a signed one who its administrators are, by key fingerprint. */
function formatLines(result: VerifyResult): string[] {
  if (result.format === FORMAT_UNSIGNED) {
    return ['Định dạng 1: sổ không ký (ai ghi chỉ là tên được gõ vào).', 'Format 1: an unsigned ledger (who recorded each event is a typed name).'];
  }
  if (result.format !== FORMAT_SIGNED) return [];
  const lines = ['Định dạng 2: sổ có ký; mọi ghi nhận được ký bằng khóa Ed25519 đã đăng ký cho người ghi.', 'Format 2: a signed ledger; every event is signed by an Ed25519 key enrolled for its actor.'];
  if (result.ok) {
    for (const key of result.keys ?? []) {
      const role = key.role === 'admin' ? 'quản trị / admin' : 'ghi nhận / member';
      const revoked = key.revokedFrom ? `, thu hồi từ / revoked from ${key.revokedFrom}` : '';
      const decision = key.decision ? `, theo / per ${formatDocumentRef(key.decision)}` : '';
      lines.push(`  Khóa / key ${shortFingerprint(key.fingerprint)} — ${key.person.name} (${key.person.unit}), ${role}${decision}${revoked}`);
    }
  }
  return lines;
}

/** Each enrolment's legal signature (chữ ký số), checked against the certificate it carries and, when given, the CA certificates. */
function legalChecks(result: VerifyOk, authorities: readonly X509Certificate[] | null): LegalCheck[] {
  return (result.keys ?? []).flatMap((key) => (key.legal ? [checkLegalSignature({ ...key, legal: key.legal }, authorities)] : []));
}

function legalText(checks: readonly LegalCheck[], authorities: readonly X509Certificate[] | null): string {
  if (checks.length === 0) return authorities ? 'Không đăng ký khóa nào kèm chữ ký số (--ca không dùng đến).\nNo key enrolment carries a legal signature (--ca not used).\n' : '';
  const failed = checks.filter((check) => check.problem).length;
  const head = failed
    ? [`Chữ ký số: ${failed}/${checks.length} đăng ký khóa KHÔNG đạt.`, `Legal signatures: ${failed} of ${checks.length} key enrolments FAIL.`]
    : [`Chữ ký số: ${checks.length} đăng ký khóa kèm chữ ký số hợp lệ (không kiểm tra thu hồi chứng thư).`, `Legal signatures: ${checks.length} key enrolments carry a valid legal signature (certificate revocation not checked).`];
  return [...head, ...checks.flatMap(legalCheckLines)].join('\n') + '\n';
}
