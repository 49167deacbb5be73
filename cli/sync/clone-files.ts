// Node only: the files beside a clone's ledger. The ledger itself only ever receives lines the
// service placed; what this computer recorded waits in `<ledger>.pending.ndjson`, and what the
// service refused goes to `<ledger>.refused.ndjson` with the reason.
import { readFile } from 'node:fs/promises';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import { GENESIS_HASH, LedgerEvent } from '../../ledger/events.ts';
import { parseLedgerJson } from '../../ledger/ledger-json.ts';
import type { PendingEvent } from '../../ledger/signed-content.ts';
import { acquireFileLock } from '../../ledger/stores/file-lock.ts';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { replaceFile } from '../output-file.ts';
import { SyncState } from '../../server/protocol/sync-state.ts';
import type { RefusedEvent } from '../../server/protocol/push-answer.ts';
import { pendingFile, refusedFile, syncStateFile } from './clone-paths.ts';

export { SyncState };

export async function readSyncState(ledger: string): Promise<SyncState> {
  const file = syncStateFile(ledger);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new CliError(
        `${ledger} không phải bản sao của một sổ trên máy chủ (không có ${file}); tạo bản sao bằng "cchc clone --server URL --plan MÃ".`,
        `${ledger} is not a clone of a ledger on a service (no ${file}); make one with "cchc clone --server URL --plan ID".`,
        EXIT_FAILED,
      );
    }
    throw unreadable(file, error.message);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw unreadable(file, (error as Error).message);
  }
  const parsed = SyncState.safeParse(value);
  if (!parsed.success) throw unreadable(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

export async function writeSyncState(ledger: string, state: SyncState): Promise<void> {
  await replaceFile(syncStateFile(ledger), Buffer.from(`${JSON.stringify(state, null, 2)}\n`));
}

/** The pending events, in the order they were recorded; none when the file does not exist. */
export async function readPending(ledger: string): Promise<PendingEvent[]> {
  return (await readLines(pendingFile(ledger))).map(({ value, where }) => {
    // The schema of a placed event, at a stand-in place: the value itself is kept as signed.
    const checked = LedgerEvent.safeParse({ ...(value as object), seq: 1, prev: GENESIS_HASH, hash: GENESIS_HASH });
    if (!checked.success) throw unreadable(where, checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return value as PendingEvent;
  });
}

/** Replaces the pending events, durably (temporary file, fsync, rename): the caller holds the clone's lock. */
export async function writePending(ledger: string, events: readonly PendingEvent[]): Promise<void> {
  await replaceFile(pendingFile(ledger), Buffer.from(events.map((e) => `${canonicalJson(e)}\n`).join('')));
}

export async function readRefused(ledger: string): Promise<RefusedEvent[]> {
  return (await readLines(refusedFile(ledger))).map(({ value }) => value as RefusedEvent);
}

/** Adds refused events (each event once, by id), durably; the caller holds the clone's lock. */
export async function addRefused(ledger: string, refused: readonly RefusedEvent[]): Promise<void> {
  const kept = await readRefused(ledger);
  const known = new Set(kept.map((r) => r.event.id));
  const all = [...kept, ...refused.filter((r) => !known.has(r.event.id))];
  await replaceFile(refusedFile(ledger), Buffer.from(all.map((r) => `${canonicalJson(r)}\n`).join('')));
}

/**
 * Holds the clone's lock, `<ledger>.sync.json.lock`, until `release`: every command that changes a
 * clone's pending events or pulls into it takes it first. Not the ledger's own lock, which the NDJSON
 * store takes for each append a pull makes while this one is held.
 */
export async function lockClone(ledger: string): Promise<{ release(): Promise<void> }> {
  return acquireFileLock(syncStateFile(ledger), { staleMs: 10_000, retries: 60 });
}

async function readLines(file: string): Promise<Array<{ value: unknown; where: string }>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw unreadable(file, (error as Error).message);
  }
  // Written whole by rename: every line is complete, and ends in a newline.
  return text
    .split('\n')
    .slice(0, -1)
    .map((line, i) => {
      const where = `${file}, dòng / line ${i + 1}`;
      const read = parseLedgerJson(line);
      if (!('value' in read) || typeof read.value !== 'object' || read.value === null) {
        throw unreadable(where, 'value' in read ? 'not a JSON object' : read.problem.en);
      }
      return { value: read.value, where };
    });
}

function unreadable(where: string, reason: string): CliError {
  return new CliError(`Không đọc được ${where}: ${reason}. Không thay đổi gì.`, `Cannot read ${where}: ${reason}. Nothing was changed.`, EXIT_FAILED);
}
