import { setFlagsFromString } from 'node:v8';

/** The old generation may grow by this much beyond what the last full collection left alive. */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Fixes how far V8 lets a thread's heap grow between full collections, for every thread of this
 * process: 1.3× what was alive after the last one (V8's own factor when it saves memory), rather
 * than a factor it picks from measured speeds, up to 4× (and 4× while it has no measure yet).
 * Verifying a million events keeps some 30 MB alive on the main thread; a 4× stretch let that heap
 * reach 105 MB and the process 345 MB (README, Benchmarks). V8 reads the flag at each collection,
 * so setting it as the command starts holds for all that follows. A growth given to node itself
 * (`node --heap-growing-percent=N`; NODE_OPTIONS may not carry it) stays as given.
 */
export function boundHeapGrowth(): void {
  if (!process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
