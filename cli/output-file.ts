// Node only: where a command's output file goes. An output must never replace what it was made
// from, a ledger, or a workbook that carries one; and a failed write must leave the old file whole.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { LEDGER_SHEET_NAME } from '../ledger/stores/sheet-rows.ts';
import { syncDirectory } from '../ledger/stores/sync-directory.ts';
import { CliError, EXIT_FAILED } from './exit.ts';
import { inputLimits, workbookSheetNames } from './workbook-guard.ts';

export interface OutputOptions {
  /** Files the command read: the output may not be any of them, by whatever path. */
  inputs?: readonly string[];
  /** Replace an existing file that is neither an input nor holds a ledger. */
  force?: boolean;
}

/**
 * Writes `bytes` to `file` through a temporary file in the same folder, fsynced, then renamed over
 * it: a reader sees the old file or the new one, never half of either.
 */
export async function writeOutputFile(file: string, bytes: Uint8Array, options: OutputOptions = {}): Promise<void> {
  await refuseOverwrite(file, options);
  await replaceFile(file, bytes);
}

/**
 * Replaces `file` (or makes it) with `bytes`: a temporary file in the same folder, fsynced, renamed
 * over it, and the folder fsynced, so that the new content is durable when this resolves and a crash
 * leaves the old file or the new one, never half of either.
 */
export async function replaceFile(file: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    await syncDirectory(path.dirname(path.resolve(file)));
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(
      `Không ghi được ${file} (${reason}); tệp cũ (nếu có) vẫn nguyên.`,
      `Cannot write ${file} (${reason}); the old file, if any, is unchanged.`,
      EXIT_FAILED,
    );
  }
}

async function refuseOverwrite(file: string, options: OutputOptions): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (!existing) return;
  for (const input of options.inputs ?? []) {
    const read = await stat(input).catch(() => null);
    if (read && read.dev === existing.dev && read.ino === existing.ino) {
      throw new CliError(
        `--out ${file} là chính tệp đầu vào ${input}: không ghi đè lên tệp đang đọc.`,
        `--out ${file} is the input ${input} itself: an output never replaces what it was read from.`,
        EXIT_FAILED,
      );
    }
  }
  if (!existing.isFile()) {
    throw new CliError(`--out ${file} đã có và không phải tệp thông thường.`, `--out ${file} exists and is not a regular file.`, EXIT_FAILED);
  }
  const holds = await holdsLedger(file, existing.size);
  if (holds) {
    throw new CliError(
      `--out ${file} là ${holds.vi}: không ghi đè, kể cả với --force. Chọn tên tệp khác.`,
      `--out ${file} is ${holds.en}: it is never overwritten, not even with --force. Choose another name.`,
      EXIT_FAILED,
    );
  }
  if (!options.force) {
    throw new CliError(
      `Tệp "${file}" đã có; không ghi đè (dùng --force nếu muốn thay).`,
      `"${file}" already exists; not overwritten (give --force to replace it).`,
      EXIT_FAILED,
    );
  }
}

/** Whether an existing file is a ledger (NDJSON of events) or a workbook holding a ledger sheet. */
async function holdsLedger(file: string, size: number): Promise<{ vi: string; en: string } | null> {
  const head = Buffer.alloc(Math.min(size, 64));
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (/\.(nd)?jsonl?$/i.test(file) || /^\s*\{\s*"v"\s*:/.test(head.toString('latin1'))) {
    return { vi: 'một sổ theo dõi', en: 'a ledger' };
  }
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (!isZip) return null;
  // Too large to look into: treated as holding a ledger, since it cannot be shown not to.
  if (size > inputLimits().maxFileBytes) return { vi: 'một tệp Excel quá lớn để kiểm tra có trang sổ hay không', en: 'a workbook too large to check for a ledger sheet' };
  const names = await workbookSheetNames(new Uint8Array(await readFile(file)));
  return names.includes(LEDGER_SHEET_NAME) ? { vi: `tệp Excel có trang sổ ${LEDGER_SHEET_NAME}`, en: `a workbook holding the ${LEDGER_SHEET_NAME} ledger sheet` } : null;
}
