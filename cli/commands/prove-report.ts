import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { sha256HexBytes } from '#digest';
import { storedLine } from '../../ledger/stored-line.ts';
import { toBase64 } from '../../ledger/tlog/base64.ts';
import { parseCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { checkReportProof, reportProofFile, type ReportProof } from '../../ledger/tlog/report-proof.ts';
import { parseNote } from '../../ledger/tlog/signed-note.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { trustedWitnesses } from '../../ledger/tlog/trusted-witnesses.ts';
import { inclusionProof, signedCheckpoint } from '../../server/protocol/log-witness.ts';
import { ServiceError } from '../../server/protocol/service-client.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { issuedOnService, provinceReportProof } from '../province-proof.ts';
import { replaceFile } from '../output-file.ts';
import { readLedgerForReports, requireIntact } from '../report-ledger.ts';
import { readSyncState } from '../sync/clone-files.ts';
import { asSyncError, connectService } from '../sync/clone-sync.ts';
import { consistentWithHeld } from '../sync/log-witness.ts';
import { SYNC_KEY_OPTION } from '../sync/sync-text.ts';

export function register(program: Command): void {
  program
    .command('prove-report')
    .description(
      'Lấy từ dịch vụ của tỉnh bằng chứng rằng báo cáo đã phát hành (ghi nhận report.issued của nó) nằm trong nhật ký minh bạch: điểm kiểm có chữ ký đồng ký của các nhân chứng và bằng chứng bao hàm, lưu cạnh báo cáo (<báo cáo>.log-proof.json) để cchc verify-report kiểm tra ngoại tuyến.\n' +
        "Fetch from the province's service the proof that an issued report (its report.issued event) is in the transparency log: the checkpoint with its witnesses' cosignatures and the inclusion proof, kept beside the report (<report>.log-proof.json) for cchc verify-report to check offline.",
    )
    .argument('<report>', 'tệp báo cáo đã phát hành (.xlsx hoặc .docx) / the issued report (.xlsx or .docx)')
    .option('--ledger <clone>', 'bản sao sổ có ghi nhận phát hành, đã đồng bộ / the clone holding the issuing event, synced')
    .option(
      '--server <url>',
      'báo cáo tổng hợp phát hành trên dịch vụ (cchc report --server --anchor): tìm sự kiện phát hành trong kế hoạch của tỉnh, kèm bằng chứng của các nguồn số liệu / a consolidated report issued on the service (cchc report --server --anchor): find its issuing event on the province\'s plan, with its sources\' proofs',
    )
    .option('--log-key <vkey>', 'với --server: khóa xác minh nhật ký do tỉnh công bố / with --server: the log\'s verifier key as the province publishes it')
    .option('--witness <vkey>', 'với --server: điểm kiểm phải được nhân chứng này đồng ký; lặp lại / with --server: the checkpoint must be cosigned by this witness; repeat', (vkey: string, all: string[]) => [...all, vkey], [] as string[])
    .option('--witnesses-needed <k>', 'số nhân chứng phải đồng ký; mặc định tất cả / how many must cosign; default all')
    .option(...SYNC_KEY_OPTION)
    .action(async (report: string, options: { ledger?: string; server?: string; key?: string; logKey?: string; witness: string[]; witnessesNeeded?: string }) => {
      const sha256 = sha256HexBytes(await readFile(report));
      if ((options.ledger === undefined) === (options.server === undefined)) {
        throw new CliError('Cần đúng một trong hai: --ledger <bản sao> hoặc --server <địa chỉ>.', 'Give exactly one of --ledger <clone> or --server <url>.', EXIT_USAGE);
      }
      if (options.server !== undefined) {
        await proveOnService(report, sha256, { ...options, server: options.server });
        return;
      }
      const { events, verification } = await readLedgerForReports(options.ledger!);
      requireIntact(options.ledger!, verification);
      const issued = events.find((e) => e.type === 'report.issued' && (e.data.file.sha256 === sha256 || e.data.document?.sha256 === sha256));
      if (!issued) {
        throw new CliError(
          `Sổ ${options.ledger} không có ghi nhận report.issued nào mang SHA-256 ${sha256} của ${report}: hãy lập báo cáo với --anchor rồi cchc sync.`,
          `The ledger ${options.ledger} holds no report.issued naming ${report}'s SHA-256 ${sha256}: make the report with --anchor, then cchc sync.`,
          EXIT_FAILED,
        );
      }
      const state = await readSyncState(options.ledger!);
      if (!state.logKey || !state.checkpoint) {
        throw new CliError(`Bản sao ${options.ledger} chưa theo dõi nhật ký minh bạch (chưa có khóa nhật ký): chạy cchc pull trước.`, `The clone ${options.ledger} does not follow the transparency log yet (no log key): run cchc pull first.`, EXIT_FAILED);
      }
      const { client } = await connectService(state.server, options.key);
      try {
        // With witnesses trusted, the checkpoint they cosigned (final); else the latest.
        const k = state.witnesses ? (state.witnessesNeeded ?? state.witnesses.length) : 0;
        const checkpoint = await signedCheckpoint(client, { min: k });
        await consistentWithHeld(client, options.ledger!, state, checkpoint);
        const answer = await inclusionProof(client, state.plan, issued.seq, parseCheckpoint(parseNote(checkpoint).text).size);
        if (!answer) throw notInLogYet(issued.seq, state.witnesses !== undefined);
        const proof: ReportProof = {
          format: 'cchc-report-proof/v1',
          report: { name: basename(report), sha256 },
          logKey: state.logKey,
          checkpoint,
          ...(state.witnesses && { witnesses: state.witnesses, witnessesNeeded: k }),
          leaf: { planId: state.plan, seq: issued.seq, line: storedLine(issued) },
          index: answer.index,
          proof: answer.proof.map(toBase64),
        };
        const check = checkReportProof(sha256, proof, state.logKey, state.witnesses ? trustedWitnesses(state.witnesses, k) : null);
        const file = reportProofFile(report);
        await replaceFile(file, Buffer.from(`${JSON.stringify(proof, null, 2)}\n`));
        const cosigners = check.finality?.cosigners.map((c) => c.name) ?? [];
        process.stdout.write(
          `Đã lưu bằng chứng / proof written: ${file}\n` +
            `  ghi nhận phát hành số / issuing event seq ${issued.seq} ở vị trí / at position ${proof.index + 1} của điểm kiểm / of the checkpoint of ${check.checkpoint.checkpoint.size} mục / leaves\n` +
            (check.finality ? `  đồng ký bởi / cosigned by ${cosigners.length}/${state.witnesses!.length} (${cosigners.join(', ')}): ${check.finality.final ? 'chung cuộc / final' : 'chưa chung cuộc / not final'}\n` : ''),
        );
      } catch (error) {
        if (error instanceof ServiceError && error.status === 404) throw notInLogYet(issued.seq, state.witnesses !== undefined);
        if (error instanceof TlogError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
        throw asSyncError(options.ledger!, error);
      }
    });
}

function notInLogYet(seq: number, withWitnesses: boolean): CliError {
  return new CliError(
    `Dịch vụ chưa có điểm kiểm chứa ghi nhận phát hành số ${seq}${withWitnesses ? ' được đủ nhân chứng đồng ký' : ''}: chạy cchc sync, chờ điểm kiểm tiếp theo (và các nhân chứng), rồi chạy lại.`,
    `The service has no checkpoint holding the issuing event seq ${seq}${withWitnesses ? ' cosigned by enough witnesses' : ''} yet: run cchc sync, wait for the next checkpoint (and the witnesses), then run this again.`,
    EXIT_FAILED,
  );
}

/**
 * A consolidated report issued on the service: its `report.issued` event found on the province's
 * plan by the file's SHA-256, the heads it counted asked of the service again (its figures of that
 * period as known then), and the proof of all of them in one checkpoint written beside the report.
 */
async function proveOnService(report: string, sha256: string, options: { server: string; key?: string; logKey?: string; witness: string[]; witnessesNeeded?: string }): Promise<void> {
  const { client } = await connectService(options.server, options.key);
  try {
    const issued = await issuedOnService(client, sha256);
    if (!issued) {
      throw new CliError(
        `Không kế hoạch nào của tỉnh trên ${client.base} có ghi nhận report.issued mang SHA-256 ${sha256} của ${report}: hãy lập báo cáo với cchc report --server --anchor.`,
        `No plan of the province at ${client.base} holds a report.issued naming ${report}'s SHA-256 ${sha256}: make the report with cchc report --server --anchor.`,
        EXIT_FAILED,
      );
    }
    const { cutoff, knownAt } = issued.event.data;
    const figures = await client.reportFigures({ from: cutoff.from, to: cutoff.to, knownAt });
    const sources = figures.plans.map((p) => ({ planId: p.id, head: p.figures.head, position: p.position }));
    const { proof, check } = await provinceReportProof(client, { name: basename(report), sha256 }, issued, sources, {
      ...(options.logKey && { logKey: options.logKey }),
      ...(options.witness.length > 0 && { witnesses: options.witness }),
      ...(options.witnessesNeeded !== undefined && { witnessesNeeded: Number(options.witnessesNeeded) }),
      waitMs: 0,
      say: (text) => process.stderr.write(text),
    });
    const file = reportProofFile(report);
    await replaceFile(file, Buffer.from(`${JSON.stringify(proof, null, 2)}\n`));
    process.stdout.write(
      `Đã lưu bằng chứng / proof written: ${file}\n` +
        `  ghi nhận phát hành số / issuing event seq ${issued.seq} (${issued.planId}) ở vị trí / at position ${proof.index + 1} của điểm kiểm / of the checkpoint of ${check.checkpoint.checkpoint.size} mục / leaves; ` +
        `ghi nhận cuối của ${proof.sources!.length} sổ / the counted heads of ${proof.sources!.length} ledgers\n`,
    );
  } catch (error) {
    if (error instanceof ServiceError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
    throw error;
  }
}
