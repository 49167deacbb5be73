// Node only: a clone as a witness of its province's transparency log. Each pull asks for the log's
// latest signed checkpoint, demands a consistency proof from the one the clone last accepted
// (CheckpointWitness decides), and an inclusion proof of the newest event it is about to hold;
// anything wrong stops the pull before it appends, and the evidence goes to a file for an inspector.
import { readFile } from 'node:fs/promises';
import type { Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import { TlogError } from '../../ledger/tlog/tlog-error.ts';
import { checkFinality } from '../../server/protocol/log-finality.ts';
import { consistencyWithHeld, describeCheckpoint, witnessCheckpoint, type HeadLine, type Witnessed } from '../../server/protocol/log-witness.ts';
import type { ServiceClient } from '../../server/protocol/service-client.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { replaceFile } from '../output-file.ts';
import type { SyncState } from './clone-files.ts';

export const evidenceFile = (ledger: string, detectedAt: string): string => `${ledger}.log-evidence-${detectedAt.replace(/[:.]/g, '-')}.json`;

/** What a witness tells the person at the terminal (trust on first use, an older service, a head not yet signed). */
export type Say = (text: string) => void;

// Said once per run, however many times a sync asks the log.
const said = new Set<string>();
export const sayOnceOnStderr: Say = (text) => {
  if (said.has(text)) return;
  said.add(text);
  process.stderr.write(text);
};

/**
 * Checks the service's log against what the clone remembers (state.logKey, state.checkpoint), and
 * that `head` (when given) is in the checkpoint accepted (server/protocol/log-witness.ts). Returns
 * the state to keep; throws the alarm.
 */
export async function witnessLog(client: ServiceClient, ledger: string, state: SyncState, head?: HeadLine, say: Say = () => {}): Promise<SyncState> {
  let witnessed: Witnessed;
  try {
    witnessed = await witnessCheckpoint(client, state, state.plan, head);
  } catch (error) {
    if (!(error instanceof TlogError)) throw error;
    throw new CliError(
      `Khóa nhật ký (--log-key) hoặc điểm kiểm đã ghi trong ${ledger}.sync.json không dùng được: ${error.messageVi}`,
      `The log key (--log-key) or the checkpoint kept in ${ledger}.sync.json cannot be used: ${error.messageEn}`,
      EXIT_FAILED,
    );
  }
  if (witnessed.kind === 'no-checkpoint') {
    noCheckpoint(client, state, witnessed.why === 'no-log', say);
    return state;
  }
  if (witnessed.kind === 'alarm') return alarm(ledger, state, witnessed.evidence);
  const vkey = witnessed.memory.logKey;
  if (witnessed.trustedOnFirstUse) {
    say(
      `Tin khóa nhật ký minh bạch do dịch vụ đưa ở lần đầu (không có --log-key): ${vkey}. Hãy đối chiếu với khóa tỉnh công bố.\n` +
        `Trusting the transparency log key the service gave, on first use (no --log-key): ${vkey}. Compare it with the key the province publishes.\n`,
    );
  }
  if (witnessed.headNotSigned) {
    say(
      `Ghi nhận mới nhất (số ${head!.seq}) chưa có trong điểm kiểm đã ký của nhật ký; lần tải về sau sẽ kiểm tra.\n` +
        `The newest event (seq ${head!.seq}) is not in the log's signed checkpoint yet; the next pull checks it.\n`,
    );
  }
  if (state.witnesses && head && head.seq > 0) {
    // Whether what the clone holds is final (server/protocol/log-finality.ts): said either way.
    const finality = await checkFinality(client, state.witnesses, state.witnessesNeeded, witnessed, head.seq);
    if (finality.kind === 'alarm') await alarm(ledger, { ...state, ...witnessed.memory }, finality.evidence);
    else say(`${finality.vi}\n${finality.en}\n`);
  }
  return { ...state, ...witnessed.memory };
}

/**
 * Checks that another checkpoint of the log (a cosigned one, possibly older or newer) and the one the
 * clone holds are consistent, whichever is larger. An alarm with evidence when they are not.
 */
export async function consistentWithHeld(client: ServiceClient, ledger: string, state: SyncState, other: string): Promise<void> {
  const evidence = await consistencyWithHeld(client, state.logKey!, state.checkpoint!, other);
  if (evidence) await alarm(ledger, state, evidence);
}

/** Said (once) or refused when the service has no log, or has signed nothing yet. */
function noCheckpoint(client: ServiceClient, state: SyncState, noLog: boolean, say: Say): void {
  if (state.logKey !== undefined || state.checkpoint !== undefined) {
    throw new CliError(
      `Dịch vụ ${client.base} ${noLog ? 'không có nhật ký minh bạch (/log)' : 'không đưa điểm kiểm nào của nhật ký'}, trong khi bản sao này đã ghi nhận khóa nhật ký của nó: không tải về. Báo cho cơ quan quản lý dịch vụ.`,
      `The service at ${client.base} ${noLog ? 'has no transparency log (/log)' : 'serves no checkpoint of its log'}, though this clone holds its log key: nothing pulled. Tell the service's operator.`,
      EXIT_FAILED,
    );
  }
  say(
    noLog
      ? `Cảnh báo: dịch vụ ${client.base} không có nhật ký minh bạch (/log; phiên bản cũ): không kiểm tra được lịch sử bằng điểm kiểm.\nWarning: the service at ${client.base} has no transparency log (/log; an older version): its history cannot be checked against checkpoints.\n`
      : `Cảnh báo: nhật ký của dịch vụ ${client.base} chưa ký điểm kiểm nào; lần tải về sau sẽ kiểm tra.\nWarning: the log of the service at ${client.base} has signed no checkpoint yet; the next pull checks it.\n`,
  );
}

/** Keeps the evidence, durably, then stops the pull with an alarm naming both checkpoints and the file. */
async function alarm(ledger: string, state: SyncState, evidence: Evidence): Promise<never> {
  const file = evidenceFile(ledger, evidence.detectedAt);
  await replaceFile(file, Buffer.from(`${JSON.stringify({ server: state.server, plan: state.plan, ...evidence }, null, 2)}\n`));
  const [previous, offered] = [describeCheckpoint(evidence.previous), describeCheckpoint(evidence.offered)];
  throw new CliError(
    `CẢNH BÁO: nhật ký minh bạch của dịch vụ ${state.server} không đáng tin: ${evidence.messageVi}\n` +
      `  Điểm kiểm đã chấp nhận: ${previous}\n  Điểm kiểm vừa nhận:    ${offered}\n` +
      `Không ghi gì vào sổ ${ledger}. Bằng chứng (hai điểm kiểm đã ký, bằng chứng mật mã, lý do) lưu ở ${file}: hãy gửi cho cơ quan thanh tra.`,
    `ALARM: the transparency log of the service at ${state.server} cannot be trusted: ${evidence.messageEn}\n` +
      `  Checkpoint accepted before: ${previous}\n  Checkpoint just received:   ${offered}\n` +
      `Nothing was appended to ${ledger}. The evidence (both signed checkpoints, the proof, the reason) is in ${file}: hand it to an inspector.`,
    EXIT_FAILED,
  );
}

/** The last line of a clone's ledger (its head event as stored), or null when it is empty. */
export async function lastLine(ledger: string): Promise<string | null> {
  const text = await readFile(ledger, 'utf8');
  const end = text.lastIndexOf('\n', text.length - 2);
  return text === '' ? null : text.slice(end + 1).replace(/\n$/, '');
}
