import { stat } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { RawEvent } from '../ledger/store.ts';
import type { LedgerSource } from './ledger-source.ts';

/** A progress bar for long work, or nothing: only on a terminal, and never when the output is JSON. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

const NONE: Progress = { update() {}, stop() {} };

type ProgressOptions = { json?: boolean; unit?: string; stream?: NodeJS.WritableStream & { isTTY?: boolean } };

/**
 * Shows `label`, a bar and the share done of `total` on stderr (stdout stays the command's answer),
 * at most 10 times a second; the bar is erased when the work ends. `unit` names what is counted.
 */
export function startProgress(label: string, total: number, options: ProgressOptions = {}): Progress {
  return startBar(label, total, `({value}/{total} ${options.unit ?? ''})`, options) ?? NONE;
}

/** Work done in stages one after another: which is under way, and how many of them are done. */
export interface StageProgress<S extends string> {
  enter(stage: S): void;
  stop(): void;
}

/**
 * Shows `label`, a bar over the `stages` and the stage under way (its text in `stages`), as
 * startProgress does, from the first stage entered; entering a stage counts the ones before it as done.
 */
export function startStages<S extends string>(label: string, stages: Record<S, string>, options: ProgressOptions = {}): StageProgress<S> {
  const order = Object.keys(stages) as S[];
  const text = (stage: S) => ({ stage: `(${order.indexOf(stage) + 1}/${order.length}) ${stages[stage]}` });
  let shown: ReturnType<typeof startBar> | undefined;
  return {
    enter(stage) {
      if (shown === undefined) {
        shown = startBar(label, order.length, '{stage}', options, text(stage));
        shown?.update(order.indexOf(stage));
      } else shown?.bar.update(order.indexOf(stage), text(stage));
    },
    stop: () => shown?.stop(),
  };
}

/** The bar startProgress and startStages show, `tail` after its share done; null where none is shown. */
function startBar(label: string, total: number, tail: string, options: ProgressOptions, payload: Record<string, string> = {}): (Progress & { bar: cliProgress.SingleBar }) | null {
  const stream = options.stream ?? process.stderr;
  if (options.json || !stream.isTTY || total <= 0) return null;
  // The bar's own cursor codes go out as bytes: the terminal guard (terminal-text.ts) shows control
  // characters in strings rather than let them act, and these are ours, not a ledger's text.
  const raw = {
    isTTY: true,
    get columns() {
      return (stream as { columns?: number }).columns;
    },
    write: (chunk: string | Uint8Array) => stream.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
  };
  const bar = new cliProgress.SingleBar(
    {
      stream: raw as unknown as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% ${tail}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, payload);
  return {
    bar,
    update: (done) => bar.update(Math.min(done, total)),
    stop: () => bar.stop(),
  };
}

/**
 * The records of an .ndjson ledger as they are read, moving a bar by bytes of the file (a workbook's
 * sheet is read whole before its first record, so it gets none).
 */
export async function* recordsWithProgress(source: LedgerSource, label: string, json: boolean | undefined): AsyncGenerator<RawEvent> {
  const size = source.kind === 'ndjson' ? ((await stat(source.file).catch(() => null))?.size ?? 0) : 0;
  const progress = startProgress(label, size, { json, unit: 'byte' });
  try {
    for await (const record of source.store.read()) {
      if (record.where.byte !== undefined) progress.update(record.where.byte);
      yield record;
    }
  } finally {
    progress.stop();
  }
}
