// Node only: a consolidated report anchored on the province's service and its proof.
import type { IsoInstant } from '../ledger/dates.ts';
import { LedgerError } from '../ledger/errors.ts';
import type { LedgerEvent } from '../ledger/events.ts';
import { Ledger } from '../ledger/ledger.ts';
import type { PendingEvent, Signer } from '../ledger/signed-content.ts';
import { EMPTY_HEAD, type Head } from '../ledger/store.ts';
import { MemoryStore } from '../ledger/stores/memory-store.ts';
import { toBase64 } from '../ledger/tlog/base64.ts';
import { parseCheckpoint } from '../ledger/tlog/checkpoint.ts';
import { checkReportProof, type ReportProof, type ReportProofCheck } from '../ledger/tlog/report-proof.ts';
import { parseNote } from '../ledger/tlog/signed-note.ts';
import { TlogError } from '../ledger/tlog/tlog-error.ts';
import { trustedWitnesses } from '../ledger/tlog/trusted-witnesses.ts';
import { inclusionProof, logKeyOf, signedCheckpoint } from '../server/protocol/log-witness.ts';
import { ServiceError, type ServiceClient } from '../server/protocol/service-client.ts';
import { REPORT_WRITER } from '../templates/reports/report-book.node.ts';
import type { ReportPeriod } from '../templates/reports/report-period.ts';
import { CliError, EXIT_FAILED } from './exit.ts';
import type { ReportSources } from './province-report.ts';

/** The `report.issued` event as the service placed it: where, and its stored line. */
export interface IssuedOnService {
  planId: string;
  seq: number;
  line: string;
}

/** How many times an issuing event is signed again after another client's later event took the head first. */
const CLOCK_RETRIES = 5;

/**
 * Records the consolidated report's issuance on the province's own plan at the service: a
 * `report.issued` event naming the SHA-256 of the workbook and of the Word document, the period, its
 * cut-off, knownAt and the province plan's counted head, signed by `signer` (a province
 * administrator, Sở Nội vụ) as the person the directory names. Signed against a copy of the plan
 * pulled now; signed again if another event took the head meanwhile with a later time.
 */
export async function issueOnService(
  client: ServiceClient,
  signer: Signer,
  issued: { planId: string; head: Head; period: ReportPeriod; knownAt: IsoInstant; file: { name: string; sha256: string }; document: { name: string; sha256: string } },
): Promise<IssuedOnService> {
  const { actor } = await client.me();
  for (let attempt = 0; ; attempt++) {
    const { lines, head } = await client.pullAll(issued.planId);
    const store = new MemoryStore();
    if (lines.length > 0) await store.append(lines.map((l) => JSON.parse(l) as LedgerEvent), EMPTY_HEAD);
    let pending: PendingEvent;
    try {
      const ledger = await Ledger.open(store, { signer });
      const [sealed] = await ledger.append({
        type: 'report.issued',
        actor,
        data: {
          period: issued.period.id,
          cutoff: { from: issued.period.from, to: issued.period.to },
          knownAt: issued.knownAt,
          head: issued.head,
          file: issued.file,
          document: issued.document,
          writer: REPORT_WRITER,
        },
      });
      const { seq: _seq, prev: _prev, hash: _hash, ...rest } = sealed!;
      pending = rest as PendingEvent;
    } catch (error) {
      if (error instanceof LedgerError) throw new CliError(`Kế hoạch ${issued.planId}: ${error.messageVi}`, `Plan ${issued.planId}: ${error.messageEn}`, EXIT_FAILED);
      throw error;
    }
    const [result] = (await client.push(issued.planId, head, [pending])).results;
    if (result!.outcome !== 'refused') return { planId: issued.planId, seq: result!.seq, line: result!.line };
    if (result!.error.code !== 'clock' || attempt >= CLOCK_RETRIES) {
      throw new CliError(
        `Dịch vụ không ghi sự kiện phát hành báo cáo vào kế hoạch ${issued.planId}: ${result!.error.vi}`,
        `The service did not record the report's issuance on plan ${issued.planId}: ${result!.error.en}`,
        EXIT_FAILED,
      );
    }
  }
}

export interface ProofOptions {
  /** The log's vkey as the province publishes it; without it, the one the service gives (said). */
  logKey?: string;
  /** Trusted witnesses' cosignature vkeys and how many must have cosigned: the checkpoint waited for. */
  witnesses?: readonly string[];
  witnessesNeeded?: number;
  /** How long to wait for a checkpoint holding the issuing event (the log signs every few seconds). */
  waitMs?: number;
  say: (text: string) => void;
}

const POLL_MS = 1_000;

/**
 * The proof that travels beside a consolidated report (`cchc-report-proof/v1` with its sources):
 * a signed checkpoint holding the issuing event (cosigned by K trusted witnesses when given, as the
 * service serves it with their lines), the event's inclusion proof, and the inclusion proof of
 * every plan head the report counted, all in that one checkpoint. Waits for such a checkpoint up
 * to `waitMs`; checked (log key, event, proof) before it is returned.
 */
export async function provinceReportProof(
  client: ServiceClient,
  report: { name: string; sha256: string },
  issued: IssuedOnService,
  sources: ReportSources['plans'],
  options: ProofOptions,
): Promise<{ proof: ReportProof; check: ReportProofCheck }> {
  const logKey = options.logKey ?? (await logKeyOf(client));
  if (!options.logKey) options.say(`Dùng khóa nhật ký dịch vụ đưa (không có --log-key): ${logKey}; hãy đối chiếu với khóa tỉnh công bố.\nUsing the log key the service gives (no --log-key): ${logKey}; compare it with the key the province publishes.\n`);
  const needed = options.witnesses?.length ? (options.witnessesNeeded ?? options.witnesses.length) : 0;
  const until = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    const checkpoint = await currentCheckpoint(client, needed);
    const size = checkpoint === null ? 0 : parseCheckpoint(parseNote(checkpoint).text).size;
    const answer = checkpoint === null ? null : await inclusionProof(client, issued.planId, issued.seq, size);
    if (answer) {
      const proof: ReportProof = {
        format: 'cchc-report-proof/v1',
        report,
        logKey,
        checkpoint: checkpoint!,
        ...(needed > 0 && { witnesses: [...options.witnesses!], witnessesNeeded: needed }),
        leaf: { planId: issued.planId, seq: issued.seq, line: issued.line },
        index: answer.index,
        proof: answer.proof.map(toBase64),
        sources: await sourceProofs(client, sources, size),
      };
      try {
        return { proof, check: checkReportProof(report.sha256, proof, logKey, needed > 0 ? trustedWitnesses(options.witnesses!, needed) : null) };
      } catch (error) {
        if (error instanceof TlogError) throw new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
        throw error;
      }
    }
    if (Date.now() >= until) {
      throw new CliError(
        `Sự kiện phát hành (kế hoạch ${issued.planId}, số ${issued.seq}) đã ghi, nhưng dịch vụ chưa có điểm kiểm chứa nó${needed > 0 ? ` được ${needed} nhân chứng đồng ký` : ''}: chạy lại sau "cchc prove-report ${report.name} --server ${client.base}".`,
        `The issuing event (plan ${issued.planId}, seq ${issued.seq}) is recorded, but the service has no checkpoint holding it${needed > 0 ? ` cosigned by ${needed} witnesses` : ''} yet: run "cchc prove-report ${report.name} --server ${client.base}" later.`,
        EXIT_FAILED,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The latest signed checkpoint (cosigned by `needed` witnesses when needed > 0), or null when there is none yet. */
async function currentCheckpoint(client: ServiceClient, needed: number): Promise<string | null> {
  try {
    return await signedCheckpoint(client, { min: needed });
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) return null;
    throw error;
  }
}

/** Each counted head's inclusion proof in the tree of `size` leaves. */
async function sourceProofs(client: ServiceClient, sources: ReportSources['plans'], size: number): Promise<NonNullable<ReportProof['sources']>> {
  const out: NonNullable<ReportProof['sources']> = [];
  for (const { planId, head, position } of sources) {
    if (position === null) continue;
    const answer = await inclusionProof(client, planId, head.seq, size);
    if (!answer) {
      throw new CliError(
        `Dịch vụ không đưa bằng chứng bao hàm của ghi nhận số ${head.seq} (kế hoạch ${planId}) trong điểm kiểm ${size} mục.`,
        `The service gives no inclusion proof of event ${head.seq} (plan ${planId}) in the checkpoint of ${size} leaves.`,
        EXIT_FAILED,
      );
    }
    out.push({ planId, seq: head.seq, hash: head.hash, index: answer.index, proof: answer.proof.map(toBase64) });
  }
  return out;
}

/** The `report.issued` event naming `sha256`, on one of the province's own plans at the service, or null. */
export async function issuedOnService(client: ServiceClient, sha256: string): Promise<(IssuedOnService & { event: LedgerEvent & { type: 'report.issued' } }) | null> {
  for (const plan of (await client.plans()).filter((p) => p.scope === 'province')) {
    const { lines } = await client.pullAll(plan.id);
    for (const line of lines) {
      const event = JSON.parse(line) as LedgerEvent;
      if (event.type === 'report.issued' && (event.data.file.sha256 === sha256 || event.data.document?.sha256 === sha256)) {
        return { planId: plan.id, seq: event.seq, line, event };
      }
    }
  }
  return null;
}
