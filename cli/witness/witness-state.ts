// Node only: what an institutional witness keeps between runs, durably (temporary file, fsync, rename).
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { CliError, EXIT_FAILED } from '../exit.ts';
import { replaceFile } from '../output-file.ts';

export const WitnessState = z.strictObject({
  /** The log's vkey this witness follows; it never changes for a state file. */
  logKey: z.string().min(1),
  /** The last checkpoint accepted, as signed: the next one must extend it (a consistency proof). */
  checkpoint: z.string().min(1).nullable(),
  /** That checkpoint with this witness's cosignature line: posted again at every round. */
  cosigned: z.string().min(1).nullable(),
});
export type WitnessState = z.infer<typeof WitnessState>;

/** The state kept in `file`, or null when there is none yet (a new witness). */
export async function readWitnessState(file: string): Promise<WitnessState | null> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;
  let parsed;
  try {
    parsed = WitnessState.safeParse(JSON.parse(text));
  } catch (error) {
    throw unreadable(file, (error as Error).message);
  }
  if (!parsed.success) throw unreadable(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** Written before the cosignature is made: a witness never cosigns what it has not durably accepted. */
export async function writeWitnessState(file: string, state: WitnessState): Promise<void> {
  await replaceFile(file, Buffer.from(`${JSON.stringify(state, null, 2)}\n`));
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `work` once every earlier work on the same state file (in this process) has ended: the
 * polling round and each add-checkpoint request read, check and write the state one at a time, so
 * that what one checked against is still what the state holds when it writes (C2SP tlog-witness
 * asks for that). One process per state file.
 */
export function serialised<T>(file: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(file) ?? Promise.resolve()).then(work, work);
  queues.set(file, run.catch(() => undefined));
  return run;
}

function unreadable(file: string, why: string): CliError {
  return new CliError(
    `Không đọc được trạng thái của nhân chứng ${file}: ${why}. Không sửa tay tệp này; nếu mất, nhân chứng phải dùng khóa mới.`,
    `Cannot read the witness's state ${file}: ${why}. Do not edit it by hand; if it is lost, the witness must take a new key.`,
    EXIT_FAILED,
  );
}
