// Node only.
import { stat } from 'node:fs/promises';
import { GENESIS_HASH } from '../../ledger/events.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { EMPTY_HEAD, type Head } from '../../ledger/store.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { storedLine } from '../../ledger/stored-line.ts';
import { ChainChecker } from '../../ledger/verify.ts';
import type { PlanInfo } from '../../server/protocol/bodies.ts';
import { fetchContinuation } from '../../server/protocol/chain-continuation.ts';
import type { ServiceClient } from '../../server/protocol/service-client.ts';
import { CliError, EXIT_USAGE } from '../exit.ts';
import { replaceFile } from '../output-file.ts';
import { asCliError } from '../writable-ledger.ts';
import { lockClone, writeSyncState } from './clone-files.ts';
import { syncStateFile } from './clone-paths.ts';
import { asSyncError } from './clone-sync.ts';
import { witnessLog, type Say } from './log-witness.ts';

/** What a clone is told to trust: the log's key (else trusted on first use), and the witnesses whose k-of-n cosignatures make a checkpoint final. */
export interface LogTrust {
  logKey?: string;
  witnesses?: string[];
  witnessesNeeded?: number;
}

/**
 * Makes `out` a clone of the service's plan: every event checked as verify checks it before anything
 * is written, then the sync state (from its first line on, the ledger is a clone that only the
 * service writes) and the events. The log's first checkpoint is remembered (verified by `logKey`, or
 * by the key the service gives, trusted on first use) once it holds the head event. Never writes over
 * an existing file.
 */
export async function clonePlan(client: ServiceClient, planId: string, out: string, trust: LogTrust = {}, say?: Say): Promise<{ plan: PlanInfo; events: number; head: Head }> {
  if (!/\.ndjson$/i.test(out)) throw new CliError(`--out ${out}: bản sao là một tệp .ndjson.`, `--out ${out}: a clone is an .ndjson file.`, EXIT_USAGE);
  for (const taken of [out, syncStateFile(out)]) {
    if (await stat(taken).catch(() => null)) throw new CliError(`Tệp ${taken} đã có; không ghi đè.`, `${taken} already exists; not overwritten.`, EXIT_USAGE);
  }
  const lock = await lockClone(out).catch((error: unknown) => {
    throw error instanceof LedgerError ? asCliError(out, error) : error;
  });
  try {
    const plan = await client.plan(planId);
    const { events, head } = await fetchContinuation(client, plan.id, new ChainChecker());
    const last = events.at(-1);
    const state = await witnessLog(
      client,
      out,
      { server: client.base, plan: plan.id, syncedSeq: 0, syncedHash: GENESIS_HASH, lastSyncAt: null, ...trust },
      last && { seq: head.seq, line: storedLine(last) },
      say,
    );
    await writeSyncState(out, state);
    if (events.length > 0) await (await NdjsonStore.open(out)).append(events, EMPTY_HEAD);
    else await replaceFile(out, new Uint8Array());
    await writeSyncState(out, { ...state, syncedSeq: head.seq, syncedHash: head.hash, lastSyncAt: new Date().toISOString() });
    return { plan, events: events.length, head };
  } catch (error) {
    throw asSyncError(out, error, { creating: true });
  } finally {
    await lock.release();
  }
}
