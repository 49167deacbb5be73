import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { FORMAT_SIGNED } from '../ledger/events.ts';
import type { RawEvent } from '../ledger/store.ts';
import type { Precheck, Prechecked, Prechecking } from '../ledger/verify.ts';
import { HASH_HOLDS, SCHEMA_HOLDS, SIGNATURE_HOLDS, type PrecheckAnswer, type PrecheckBatch } from './verify-pool-messages.ts';

/*
 * Verification on every core (Node only; the browser keeps the checks in order alone). What each
 * stored line allows without the rest of the chain — its parse, the schema (zod), the canonical-line check, SHA-256 of
 * its hash body, the Ed25519 check of its signature — runs on worker threads, batch by batch, ahead
 * of the checks in order (ledger/verify.ts: seq, links, keys enrolled and revoked, clock, rules),
 * which take a worker's "holds" and redo the rest; so every verdict and message is the sequential one.
 */

/** Lines per message to a worker: enough to outweigh the message, few enough for plans of a few hundred events. */
const BATCH_LINES = 128;

/**
 * A batch goes as soon as its lines reach this many characters, and a longer line is not sent at all
 * (checked in order here): what one batch costs a worker stays far within its heap (WORKER_OPTIONS).
 * A plan of 5,000 items is one line of some 3.6 million characters.
 */
const BATCH_CHARS = 1 << 20;

/**
 * A ledger shorter than this is checked on this thread alone unless the pool is already running:
 * starting workers costs more than checking a couple of thousand signatures (it would double the
 * start of `cchc verify` on the demo's ledger).
 */
const LINES_WORTH_STARTING_WORKERS = 2048;

interface PoolWorker {
  worker: Worker;
  pending: Map<number, (flags: Uint8Array) => void>;
}

/** Worker threads shared by every ledger verified in this process (a report over 500 plans uses one pool, not 500). */
export class VerifyPool {
  readonly size: number;
  readonly #workers: PoolWorker[] = [];
  #nextId = 0;

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size);
  }

  /** Whether a worker is running (and so costs nothing more to start). */
  get started(): boolean {
    return this.#workers.length > 0;
  }

  /** The flags a worker finds for `lines`; all zero (nothing found to hold) when a worker fails. */
  run(batch: Omit<PrecheckBatch, 'id'>): Promise<Uint8Array> {
    const id = this.#nextId++;
    const chosen = this.#leastBusy();
    return new Promise((resolve) => {
      chosen.pending.set(id, resolve);
      chosen.worker.ref();
      chosen.worker.postMessage({ id, ...batch } satisfies PrecheckBatch);
    }).then((flags) => (flags as Uint8Array | null) ?? new Uint8Array(batch.lines.length));
  }

  /** Ends the workers (a shared pool's idle workers do not keep the process alive: this is for tests). */
  async close(): Promise<void> {
    const workers = this.#workers.splice(0);
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
  }

  #leastBusy(): PoolWorker {
    if (this.#workers.length < this.size && this.#workers.every((w) => w.pending.size > 0)) return this.#start();
    return this.#workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  #start(): PoolWorker {
    const worker = startWorker();
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on('message', ({ id, flags }: PrecheckAnswer) => {
      entry.pending.get(id)?.(flags);
      entry.pending.delete(id);
      if (entry.pending.size === 0) worker.unref();
    });
    // A worker that fails takes nothing with it: its batches are answered "nothing found", checked in order.
    const fail = () => {
      const index = this.#workers.indexOf(entry);
      if (index !== -1) this.#workers.splice(index, 1);
      for (const resolve of entry.pending.values()) resolve(null as unknown as Uint8Array);
      entry.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    worker.unref();
    this.#workers.push(entry);
    return entry;
  }
}

/**
 * The worker's module beside this one: built JavaScript in the command line's build (scripts/build-cli.ts
 * makes it an entry), else TypeScript, which a worker thread loads through tsx's loader, registered there.
 */
function startWorker(): Worker {
  // Loaded when a worker first starts: a short ledger (most) never starts one, and `cchc verify` starts sooner without it.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './verify-worker.ts' : './verify-worker.js', import.meta.url);
  if (!fromSource) return new Worker(url, WORKER_OPTIONS);
  const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(entry, { ...WORKER_OPTIONS, eval: true });
}

/**
 * A worker keeps nothing from one batch to the next, but V8 lets each thread's young generation grow
 * to some 48 MB while it is busy: a small one costs a scavenge per batch or two (cheap, little
 * survives). What does survive (the batch being checked) is promoted and left as garbage in the old
 * generation, which V8 lets grow long before a full collection unless the heap is bounded: bounded,
 * a worker stays near 25 MB (README, Benchmarks). The bound is far above one batch's needs
 * (BATCH_CHARS); a worker that still ran out of memory would end alone, its lines checked in order.
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 48 } };

let shared: VerifyPool | null = null;

/** This process's pool, started on first use. */
export function sharedVerifyPool(): VerifyPool {
  return (shared ??= new VerifyPool());
}

/**
 * `prechecking` for verify and verifyAndReplay: records go to the pool's workers in batches, with
 * the ledger's identity and the public keys its enrolments carried so far, and come back in order,
 * each with what its worker found. Few lines wait at a time (a batch per worker and one more):
 * records that wait long enough are promoted to the old generation, where a million of them are
 * garbage that only full collections free (a million signed events peaked at 793 MB with two
 * batches of 256 per worker waiting, 428 MB with this).
 */
export function precheckingBy(
  pool: VerifyPool = sharedVerifyPool(),
  options: { batchLines?: number; batchChars?: number; unsigned?: boolean; minLines?: number } = {},
): Prechecking {
  const batchLines = options.batchLines ?? BATCH_LINES;
  const batchChars = options.batchChars ?? BATCH_CHARS;
  return async function* prechecked(records): AsyncIterable<Prechecked> {
    const minLines = options.minLines ?? LINES_WORTH_STARTING_WORKERS;
    // Lines held back until the ledger proves long enough for the workers (or the pool runs anyway).
    let held: RawEvent[] | null = pool.started || minLines === 0 ? null : [];
    let ledgerId: string | null | undefined;
    // First enrolment of a fingerprint wins: a later one for the same fingerprint is refused in order anyway.
    const publicKeys = new Map<string, string>();
    const waiting: Array<{ records: RawEvent[]; flags: Promise<Uint8Array> }> = [];
    let batch: RawEvent[] = [];
    let batchLength = 0;
    const lineOf = (raw: RawEvent) => ('line' in raw && typeof raw.line === 'string' && raw.line.length <= batchChars ? raw.line : null);
    const send = () => {
      const keys = new Map<string, string>();
      const lines = batch.map((raw) => {
        const value = valueOf(raw);
        const fingerprint = (value?.sig as { key?: unknown } | undefined)?.key;
        const publicKey = typeof fingerprint === 'string' ? publicKeys.get(fingerprint) : undefined;
        if (publicKey !== undefined) keys.set(fingerprint as string, publicKey);
        return value ? lineOf(raw) : null;
      });
      waiting.push({ records: batch, flags: pool.run({ ledgerId: ledgerId ?? null, keys: [...keys], lines }) });
      batch = [];
      batchLength = 0;
    };
    /** Adds a record to the batch; true when that filled it (and it went). */
    const add = (raw: RawEvent): boolean => {
      batch.push(raw);
      batchLength += lineOf(raw)?.length ?? 0;
      if (batch.length < batchLines && batchLength < batchChars) return false;
      send();
      return true;
    };
    async function* settle(entry: { records: RawEvent[]; flags: Promise<Uint8Array> }): AsyncIterable<Prechecked> {
      const flags = await entry.flags;
      for (let i = 0; i < entry.records.length; i++) {
        const raw = entry.records[i]!;
        const found = flags[i]!;
        if (found === 0) {
          yield { raw };
          continue;
        }
        const precheck: Precheck = {};
        if (found & HASH_HOLDS) precheck.hashHolds = true;
        if (found & SCHEMA_HOLDS) precheck.schemaHolds = true;
        if (found & SIGNATURE_HOLDS) {
          const fingerprint = (valueOf(raw)!.sig as { key: string }).key;
          precheck.signedBy = { ledgerId: ledgerId!, publicKey: publicKeys.get(fingerprint)! };
        }
        yield { raw, precheck };
      }
    }
    let signed: boolean | undefined;
    for await (const raw of records) {
      const value = valueOf(raw);
      // Unsigned (format 1) ledgers stay on this thread unless asked: without signatures to check, the
      // workers' share (parse again, schema, hash) costs more CPU than it saves on two shared cores (README).
      signed ??= value?.v === FORMAT_SIGNED || options.unsigned === true;
      if (!signed) {
        yield { raw };
        continue;
      }
      if (ledgerId === undefined) ledgerId = typeof value?.id === 'string' ? value.id : null;
      if (value?.type === 'key.enrolled') {
        const data = value.data as { key?: unknown; publicKey?: unknown } | null;
        if (typeof data?.key === 'string' && typeof data.publicKey === 'string' && !publicKeys.has(data.key)) publicKeys.set(data.key, data.publicKey);
      }
      if (held !== null) {
        held.push(raw);
        if (held.length < minLines) continue;
        for (const one of held) add(one);
        held = null;
        while (waiting.length > pool.size + 1) yield* settle(waiting.shift()!);
        continue;
      }
      if (add(raw) && waiting.length > pool.size + 1) yield* settle(waiting.shift()!);
    }
    if (held !== null) {
      for (const raw of held) yield { raw };
      return;
    }
    if (batch.length > 0) send();
    while (waiting.length > 0) yield* settle(waiting.shift()!);
  };
}

function valueOf(raw: RawEvent): Record<string, unknown> | null {
  const value = 'value' in raw ? raw.value : null;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}
