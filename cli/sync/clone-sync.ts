// Node only: pull and push for a clone, each under the clone's lock.
import { LedgerError } from '../../ledger/errors.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { Head } from '../../ledger/store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import type { PushResult } from '../../server/protocol/bodies.ts';
import { ServiceClient, ServiceError } from '../../server/protocol/service-client.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from '../exit.ts';
import { readKeyFile } from '../key-file.ts';
import { asCliError } from '../writable-ledger.ts';
import { addRefused, lockClone, readPending, readSyncState, writePending, writeSyncState, type RefusedEvent, type SyncState } from './clone-files.ts';
import { checkedCopy, continueCopy, fetchContinuation } from './pull.ts';

/** The service accepts at most this many events in one push. */
const PUSH_BATCH = 1_000;

export interface ConnectOptions {
  server?: string;
  key?: string;
}

/** A client of the clone's service (or of `--server`), signing with `--key` or CCHC_KEY. */
export async function serviceClient(server: string, keyFile: string | undefined): Promise<ServiceClient> {
  const key = keyFile ?? process.env.CCHC_KEY;
  if (!key) throw new CliError('Cần khóa để ký các yêu cầu gửi dịch vụ: --key TỆP hoặc biến CCHC_KEY.', 'A key is needed to sign requests to the service: --key FILE or CCHC_KEY.', EXIT_USAGE);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`--server "${server}" không phải địa chỉ (vd. https://cchc.tinh.gov.vn).`, `--server "${server}" is not an address (e.g. https://cchc.province.gov.vn).`, EXIT_USAGE);
  }
  return new ServiceClient(url.toString(), await readKeyFile(key));
}

/** Runs `work` holding the clone's lock, with its sync state and a client of its service. */
export async function withClone<T>(file: string, options: ConnectOptions, work: (clone: { client: ServiceClient; state: SyncState }) => Promise<T>): Promise<T> {
  const state = await readSyncState(file);
  const client = await serviceClient(options.server ?? state.server, options.key);
  const lock = await lockClone(file).catch((error: unknown) => {
    throw error instanceof LedgerError ? asCliError(file, error) : error;
  });
  try {
    return await work({ client, state: { ...state, server: client.base } });
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

/** Appends, durably and verbatim, the service's events after the copy's head, once all of them are checked; then records the sync. */
export async function pullClone(file: string, client: ServiceClient, state: SyncState): Promise<PullOutcome> {
  const store = await NdjsonStore.open(file);
  const checker = await checkedCopy(store);
  const local = checker.head;
  const { events, head } = await fetchContinuation(client, state.plan, checker);
  if (events.length > 0) await store.append(events, local);
  await writeSyncState(file, { ...state, syncedSeq: head.seq, syncedHash: head.hash, lastSyncAt: new Date().toISOString() });
  return { added: events.length, head };
}

export interface PushOutcome {
  placed: number;
  already: number;
  refused: RefusedEvent[];
  /** Placed events appended to the copy at once (those directly after its head); the rest come with the next pull. */
  appended: number;
}

/**
 * Sends the pending events expecting the copy's head, in batches the service accepts. After each
 * answer, durably: refused events are added to the refused file (with their reason), then placed and
 * already-placed ones leave the pending file. A lost answer changes nothing here: the next push sends
 * the same events, which the service finds already placed (by id) and does not place twice.
 */
export async function pushClone(file: string, client: ServiceClient, state: SyncState): Promise<PushOutcome> {
  const outcome: PushOutcome = { placed: 0, already: 0, refused: [], appended: 0 };
  const store = await NdjsonStore.open(file);
  const expected = await store.head();
  const all = await readPending(file);
  const answeredIds = new Set<string>();
  const answered: PushResult[] = [];
  for (let from = 0; from < all.length; from += PUSH_BATCH) {
    const batch = all.slice(from, from + PUSH_BATCH);
    const { results } = await client.push(state.plan, expected, batch);
    const byId = new Map(results.map((r) => [r.id, r]));
    const refusedAt = new Date().toISOString();
    const refused = batch.flatMap((event): RefusedEvent[] => {
      const result = byId.get(event.id);
      return result?.outcome === 'refused' ? [{ refusedAt, error: { code: result.error.code, vi: result.error.vi, en: result.error.en }, event }] : [];
    });
    if (refused.length > 0) await addRefused(file, refused);
    for (const event of batch) if (byId.has(event.id)) answeredIds.add(event.id);
    await writePending(file, all.filter((e) => !answeredIds.has(e.id)));
    outcome.refused.push(...refused);
    outcome.placed += results.filter((r) => r.outcome === 'placed').length;
    outcome.already += results.filter((r) => r.outcome === 'already').length;
    answered.push(...results);
  }
  outcome.appended = await appendPlacedAfter(store, answered, `${client.base}/api/v1/plans/${state.plan}/events (POST)`);
  return outcome;
}

/**
 * The placed lines that directly continue the copy (nobody else wrote in between), checked as a pull
 * checks them and appended; when another writer's events come first, the next pull brings all.
 */
async function appendPlacedAfter(store: NdjsonStore, results: readonly PushResult[], source: string): Promise<number> {
  const lines = new Map<number, string>();
  for (const r of results) if (r.outcome !== 'refused') lines.set(r.seq, r.line);
  if (lines.size === 0) return 0;
  const checker = await checkedCopy(store);
  const local = checker.head;
  const run: string[] = [];
  for (let seq = local.seq + 1; lines.has(seq); seq++) run.push(lines.get(seq)!);
  if (run.length === 0) return 0;
  const events: LedgerEvent[] = continueCopy(checker, run, source);
  await store.append(events, local);
  return events.length;
}

/** A refusal by the service or the store, for the terminal: nothing here was changed by it. */
export function asSyncError(file: string, error: unknown): unknown {
  if (error instanceof ServiceError) {
    const unreachable = error.code === 'unreachable';
    return new CliError(
      `${error.messageVi}${unreachable ? '' : ` (HTTP ${error.status}, mã lỗi ${error.code})`} Sổ ${file} giữ nguyên những gì đã có; ghi nhận nào máy chủ chưa trả lời vẫn chờ đồng bộ, không mất gì. Chạy lại khi kết nối được.`,
      `${error.messageEn}${unreachable ? '' : ` (HTTP ${error.status}, code ${error.code})`} The ledger ${file} keeps what it had; every event the service has not answered is still pending, nothing is lost. Run it again once connected.`,
      EXIT_FAILED,
    );
  }
  if (error instanceof LedgerError) return asCliError(file, error);
  return error;
}
