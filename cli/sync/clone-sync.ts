// Node only: pull and push for a clone, each under the clone's lock.
import { LedgerError } from '../../ledger/errors.ts';
import type { PendingEvent, Signer } from '../../ledger/signed-content.ts';
import type { Head } from '../../ledger/store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import type { ChainChecker } from '../../ledger/verify.ts';
import type { PushResult } from '../../server/protocol/bodies.ts';
import { serviceAddress } from '../../server/protocol/service-address.ts';
import { ServiceClient, ServiceError } from '../../server/protocol/service-client.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { readKeyFile } from '../key-file.ts';
import { asCliError } from '../writable-ledger.ts';
import { pushPending, type RefusedEvent } from '../../server/protocol/push-answer.ts';
import { addRefused, lockClone, readPending, readSyncState, writePending, writeSyncState, type SyncState } from './clone-files.ts';
import { ChainDivergedError, continueCopy, fetchContinuation } from '../../server/protocol/chain-continuation.ts';
import { checkedCopy } from './copy-continuation.ts';
import { lastLine, sayOnceOnStderr, witnessLog, type Say } from './log-witness.ts';
import { settlePending } from '../../ledger/settle-pending.ts';

export interface ConnectOptions {
  server?: string;
  key?: string;
}

/** A client of the service at `server`, signing with `--key` or CCHC_KEY's key; the signer also signs again what a pull made late. */
export async function connectService(server: string, keyFile: string | undefined): Promise<Service> {
  const key = keyFile ?? process.env.CCHC_KEY;
  if (!key) throw new CliError('Cần khóa để ký các yêu cầu gửi dịch vụ: --key TỆP hoặc biến CCHC_KEY.', 'A key is needed to sign requests to the service: --key FILE or CCHC_KEY.', EXIT_USAGE);
  const address = serviceAddress(server);
  if ('vi' in address) throw new CliError(`--server: ${address.vi}`, `--server: ${address.en}`, EXIT_USAGE);
  const signer = await readKeyFile(key);
  return { client: new ServiceClient(address.url, signer), signer };
}

export interface Service {
  client: ServiceClient;
  signer: Signer;
}

export interface Clone extends Service {
  file: string;
  state: SyncState;
  /** Where the log witness's notices go (the terminal for commands; nowhere when not given). */
  say?: Say;
}

/** Runs `work` holding the clone's lock, with its sync state and a client of its service (or of `--server`). */
export async function withClone<T>(file: string, options: ConnectOptions, work: (clone: Clone) => Promise<T>): Promise<T> {
  const state = await readSyncState(file);
  const service = await connectService(options.server ?? state.server, options.key);
  const lock = await lockClone(file).catch((error: unknown) => {
    throw error instanceof LedgerError ? asCliError(file, error) : error;
  });
  try {
    return await work({ ...service, file, state: { ...state, server: service.client.base }, say: sayOnceOnStderr });
  } catch (error) {
    throw asSyncError(file, error);
  } finally {
    await lock.release();
  }
}

export interface PullOutcome {
  added: number;
  head: Head;
}

/**
 * Appends, durably and verbatim, the service's events after the copy's head once every one is
 * checked, and once the log's new checkpoint extends the one last seen and holds the head event
 * (witnessLog); then settles the pending events against the copy as it now is, and records the sync.
 */
export async function pullClone({ file, client, signer, state, say }: Clone): Promise<PullOutcome> {
  const store = await NdjsonStore.open(file);
  const checker = await checkedCopy(store);
  const local = checker.head;
  const { events, head } = await fetchContinuation(client, state.plan, checker);
  const line = events.length > 0 ? storedLine(events.at(-1)!) : await lastLine(file);
  const witnessed = await witnessLog(client, file, state, line === null ? undefined : { seq: head.seq, line }, say);
  if (events.length > 0) await store.append(events, local);
  await settle(file, checker, signer);
  await writeSyncState(file, { ...witnessed, syncedSeq: head.seq, syncedHash: head.hash, lastSyncAt: new Date().toISOString() });
  return { added: events.length, head };
}

export interface PushOutcome {
  placed: number;
  already: number;
  refused: RefusedEvent[];
  /** Refused only for being stamped before events placed meanwhile: kept pending, to be stamped again after a pull. */
  deferred: number;
  /** Placed events appended to the copy at once (those directly after its head)... */
  appended: number;
  /** ...and those after another writer's events, which come with the next pull. */
  later: number;
}

/**
 * Sends the pending events expecting the copy's head, in batches the service accepts. After each
 * answer, durably: refused events are added to the refused file (with their reason), then placed and
 * already-placed ones leave the pending file. A lost answer changes nothing here: the next push sends
 * the same events, which the service finds already placed (by id) and does not place twice.
 * With `keepLate`, the signer's own events refused as stamped too early ('clock': another client
 * pushed later events meanwhile) stay pending for a pull to stamp them again (see settlePending).
 */
export async function pushClone({ file, client, signer, state }: Clone, options: { keepLate?: boolean } = {}): Promise<PushOutcome> {
  const store = await NdjsonStore.open(file);
  const checker = await checkedCopy(store);
  const all = await settle(file, checker, signer);
  const { results, ...outcome } = await pushPending(client, state.plan, checker.head, all, { signer, ...options }, async (refused, remaining) => {
    if (refused.length > 0) await addRefused(file, refused);
    await writePending(file, remaining);
  });
  return { ...outcome, ...(await appendPlacedAfter(store, checker, results, `${client.base}/api/v1/plans/${state.plan}/events (POST)`)) };
}

/** The pending events settled against the copy (settlePending), written back when that changed them. */
async function settle(file: string, checker: ChainChecker, signer: Signer): Promise<PendingEvent[]> {
  const pending = await readPending(file);
  const settled = await settlePending(pending, checker, signer);
  const same = settled.length === pending.length && settled.every((e, i) => e === pending[i]);
  if (!same) await writePending(file, settled);
  return settled;
}

/**
 * The placed lines that directly continue the copy (nobody else wrote in between), checked as a pull
 * checks them and appended; when another writer's events come first, the next pull brings all.
 */
async function appendPlacedAfter(store: NdjsonStore, checker: ChainChecker, results: readonly PushResult[], source: string): Promise<{ appended: number; later: number }> {
  const local = checker.head;
  const lines = new Map<number, string>();
  for (const r of results) if (r.outcome !== 'refused' && r.seq > local.seq) lines.set(r.seq, r.line);
  const run: string[] = [];
  for (let seq = local.seq + 1; lines.has(seq); seq++) run.push(lines.get(seq)!);
  if (run.length > 0) await store.append(continueCopy(checker, run, source), local);
  return { appended: run.length, later: lines.size - run.length };
}

/**
 * A refusal by the service or the store, for the terminal: nothing here was changed by it. `creating`:
 * the command was making `file` (a clone), which a refusal leaves unwritten rather than as it was.
 */
export function asSyncError(file: string, error: unknown, { creating = false } = {}): unknown {
  if (error instanceof ServiceError) {
    const unreachable = error.code === 'unreachable';
    const keptVi = creating ? `Không tệp nào được ghi: ${file} chưa được tạo.` : `Sổ ${file} giữ nguyên những gì đã có; ghi nhận nào máy chủ chưa trả lời vẫn chờ đồng bộ, không mất gì.`;
    const keptEn = creating ? `Nothing was written: ${file} was not created.` : `The ledger ${file} keeps what it had; every event the service has not answered is still pending, nothing is lost.`;
    return new CliError(
      `${error.messageVi}${unreachable ? '' : ` (HTTP ${error.status}, mã lỗi ${error.code})`} ${keptVi} Chạy lại khi kết nối được.`,
      `${error.messageEn}${unreachable ? '' : ` (HTTP ${error.status}, code ${error.code})`} ${keptEn} Run it again once connected.`,
      EXIT_FAILED,
    );
  }
  if (error instanceof LedgerError) return asCliError(file, error);
  if (error instanceof ChainDivergedError) return new CliError(error.messageVi, error.messageEn, EXIT_FAILED);
  return error;
}

export interface SyncRound {
  pushed: PushOutcome;
  pulled: PullOutcome;
}

/** How many times one sync sends again events made late by other clients' pushes before leaving them pending. */
const SYNC_ROUNDS = 5;

/**
 * Push, then pull. Events refused only for being stamped before what other clients pushed meanwhile
 * stay pending; the pull stamps them again, so they are sent again, up to SYNC_ROUNDS times while
 * other clients keep pushing first; any still late then wait, pending, for the next sync.
 */
export async function syncClone(clone: Clone): Promise<SyncRound[]> {
  // A push appends what the service placed: the log is witnessed before that too.
  clone.state = await witnessLog(clone.client, clone.file, clone.state, undefined, clone.say);
  await writeSyncState(clone.file, clone.state);
  const rounds: SyncRound[] = [];
  for (;;) {
    const pushed = await pushClone(clone, { keepLate: true });
    rounds.push({ pushed, pulled: await pullClone(clone) });
    if (pushed.deferred === 0 || rounds.length === SYNC_ROUNDS) return rounds;
  }
}
