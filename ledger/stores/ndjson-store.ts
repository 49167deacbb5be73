// Node only: the one store that touches the file system. Every Node import stays in this file.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { ConcurrencyError, LedgerError } from '../errors.ts';
import type { LedgerEvent } from '../events.ts';
import { parseLedgerJson } from '../ledger-json.ts';
import { EMPTY_HEAD, type EventStore, type Head, type RawEvent } from '../store.ts';
import { storedLine } from '../stored-line.ts';
import { firstInvalidUtf8 } from '../utf8.ts';
import { headAfter, sameHead } from './append-check.ts';
import { withFileLock } from './file-lock.ts';
import { syncDirectory } from './sync-directory.ts';
import { notRegularFile } from './file-kind.ts';

/** The end of the file that is not a whole event line: what a crash in the middle of a write leaves. */
export interface TornTail {
  /** Byte offset where the torn line starts (the file is whole up to here). */
  byte: number;
  length: number;
  /** `incomplete-batch`: whole lines, but only part of events appended as one "all or none" batch. */
  reason: 'no-newline' | 'not-json' | 'incomplete-batch';
}

export interface RepairResult {
  /** Where the torn bytes were moved: `<ledger>.torn-<timestamp>`. */
  movedTo: string;
  byte: number;
  length: number;
}

export interface NdjsonStoreOptions {
  /** A lock not refreshed for this long belongs to a dead process and is taken over (at least 2000). */
  lockStaleMs?: number;
  /** How many times to retry a held lock (with backoff up to half a second) before giving up. */
  lockRetries?: number;
  /**
   * A line longer than this many bytes is reported by `read` (and skipped, in bounded memory), not
   * parsed; `append` never writes one. A plan of 5,000 items is a line of some 3 MB.
   */
  maxLineBytes?: number;
}

// proper-lockfile's signal-exit turns SIGXFSZ (a write past the file size limit) into death by
// re-raising it, unless someone else listens. Listening keeps Node's own behaviour: the write fails
// with EFBIG, and the append truncates the file back to what it was.
process.on('SIGXFSZ', () => undefined);

const NEWLINE = 0x0a;
const NEWLINE_BYTE = Buffer.from([NEWLINE]);
const TAIL_CHUNK = 64 * 1024;
// Node's default. A chunk is held while its lines wait their turn (behind the verify workers): held
// that long it is promoted, and its bytes stay outside the heap until a full collection. At 1 MB
// that left 20 to 50 MB of old chunks at a million events; at 64 KB, none was seen (README, Benchmarks).
const READ_CHUNK = 64 * 1024;

/**
 * A ledger in an NDJSON file: one event per line, exactly its stored line (ledger/stored-line.ts) and
 * "\n", UTF-8.
 * Appends are locked (proper-lockfile on the ledger's path), check the head under the lock, and are
 * fsynced before they resolve; a failed append truncates the file back to its former length.
 */
export class NdjsonStore implements EventStore {
  /** A torn last line found on opening or since; appends are refused until `repair` moves it aside. */
  tornTail: TornTail | null = null;

  private constructor(
    readonly file: string,
    private readonly options: Required<NdjsonStoreOptions>,
  ) {}

  /**
   * Opens (without creating) the ledger at `file`; a missing file is an empty ledger until the
   * first append. A torn tail is found here (`tornTail`); nothing else is judged until read.
   */
  static async open(file: string, options: NdjsonStoreOptions = {}): Promise<NdjsonStore> {
    const store = new NdjsonStore(file, { lockStaleMs: 10_000, lockRetries: 60, maxLineBytes: 32 * 1024 * 1024, ...options });
    const info = await stat(file).catch(() => null);
    const kind = info && notRegularFile(file, info);
    if (kind) throw new LedgerError('storage', kind.vi, kind.en);
    await store.#inspectTail();
    return store;
  }

  async head(): Promise<Head> {
    const tail = await this.#inspectTail();
    return tail ? headOf(tail, this.file) : EMPTY_HEAD;
  }

  async append(events: readonly LedgerEvent[], expected: Head): Promise<Head> {
    const next = headAfter(events, expected);
    const lines = events.map((e) => storedLine(e) + '\n');
    const tooLong = lines.findIndex((l) => Buffer.byteLength(l, 'utf8') - 1 > this.options.maxLineBytes);
    if (tooLong !== -1) throw overlongEventError(this.file, events[tooLong]!.seq, Buffer.byteLength(lines[tooLong]!, 'utf8') - 1, this.options.maxLineBytes);
    const eventBytes = Buffer.from(lines.join(''), 'utf8');
    return this.#withLock(async (lost) => {
      await refuseHardLinks(this.file);
      const { handle, created } = await openForAppend(this.file);
      let size = 0;
      let journal: string | null = null;
      try {
        size = (await handle.stat()).size;
        const tail = await this.#settledTail(handle, size);
        this.tornTail = tail.torn;
        if (tail.torn) throw tornTailError(this.file, tail.torn);
        const stored = headOf(tail, this.file);
        if (!sameHead(stored, expected)) throw new ConcurrencyError(expected, stored);
        const lockError = lost();
        if (lockError) throw storageError(this.file, 'giữ khóa', 'keep the lock on', lockError);
        const bytes = tail.unterminated ? Buffer.concat([NEWLINE_BYTE, eventBytes]) : eventBytes;
        try {
          // Several events are all or none: their bytes go first to a journal, so that a crash part
          // way through the ledger's write leaves a record of what the batch was (see `repair`).
          if (events.length > 1) journal = await writeJournal(this.file, size, bytes);
          await writeAll(handle, bytes, size);
          await handle.sync();
          if (created) await syncDirectory(path.dirname(path.resolve(this.file)));
          if (journal) await unlink(journal);
        } catch (error) {
          if (journal) await unlink(journal).catch(() => undefined);
          // Leave the bytes exactly as they were: cut off whatever part of this append reached the file.
          await handle.truncate(size).catch(() => undefined);
          await handle.sync().catch(() => undefined);
          throw storageError(this.file, 'ghi', 'write', error);
        }
      } catch (error) {
        await handle.close().catch(() => undefined);
        if (created) await removeIfEmpty(this.file);
        throw error;
      }
      await handle.close();
      return next;
    });
  }

  /**
   * Every line in order, read in chunks (the file is never held whole); each carries its file, line
   * and byte. A torn last line comes as a record with `parseError`.
   */
  async *read(): AsyncIterable<RawEvent> {
    const file = this.file;
    const max = this.options.maxLineBytes;
    // A journal is a batch being written, or one a crash cut: once no writer holds the lock, it tells which.
    const batch = (await readJournal(file)) ? (await this.#withLock(() => this.#inspect()))?.torn : null;
    const end = batch?.reason === 'incomplete-batch' ? batch.byte : Infinity;
    if (batch?.reason === 'incomplete-batch') this.tornTail = batch;
    const stream = end === 0 ? Readable.from([]) : createReadStream(file, { highWaterMark: READ_CHUNK, ...(end !== Infinity && { end: end - 1 }) });
    let pending: Buffer[] = [];
    // Bytes of the line being read; past `max` they are counted, no longer kept.
    let pendingLength = 0;
    let line = 1;
    let byte = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let from = 0;
        for (let nl = chunk.indexOf(NEWLINE, from); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
          const length = pendingLength + nl - from;
          if (length > max) yield overlongLine(length, max, { file, line, byte });
          else if (pending.length === 0) yield parseLine(chunk.subarray(from, nl), { file, line, byte });
          else yield parseLine(Buffer.concat([...pending, chunk.subarray(from, nl)]), { file, line, byte });
          pending = [];
          pendingLength = 0;
          byte += length + 1;
          line++;
          from = nl + 1;
        }
        if (from < chunk.length) {
          pendingLength += chunk.length - from;
          if (pendingLength > max) pending = [];
          else pending.push(chunk.subarray(from));
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw storageError(file, 'đọc', 'read', error);
    } finally {
      stream.destroy();
    }
    if (end !== Infinity) {
      yield {
        parseError: `một lần ghi nhiều ghi nhận ("tất cả hoặc không") bị cắt dở khi máy tắt (${batch!.length} byte từ byte ${end}); chạy "cchc repair" để chuyển cả lần ghi đó sang tệp riêng / an all-or-none batch of events cut by a crash (${batch!.length} bytes from byte ${end}); run "cchc repair" to set the whole batch aside`,
        where: { file, line, byte },
      };
      return;
    }
    if (pendingLength > 0 && pendingLength <= max) {
      const last = parseLine(Buffer.concat(pending), { file, line, byte });
      if ('value' in last && isObject(last.value)) {
        yield last;
        return;
      }
    }
    if (pendingLength > 0) {
      // Another process may be writing that line right now: once it holds no lock, a whole line
      // there means this read simply ended before that append, as if it had started earlier.
      const tail = await this.#withLock(() => this.#inspect());
      if (tail?.torn?.byte !== byte) return;
      this.tornTail = tail.torn;
      const length = pendingLength;
      yield {
        parseError: `dòng cuối bị cắt dở (${length} byte, không có ký tự xuống dòng) / incomplete last line (${length} bytes, no newline)`,
        where: { file, line, byte },
      };
    }
  }

  /**
   * Moves a torn tail aside into `<ledger>.torn-<timestamp>` (never deletes it) and truncates the
   * ledger to its last whole line. Resolves to null, touching nothing, when the ledger is whole.
   */
  async repair(): Promise<RepairResult | null> {
    return this.#withLock(async () => {
      await refuseHardLinks(this.file);
      let handle: FileHandle;
      try {
        handle = await open(this.file, 'r+');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw storageError(this.file, 'mở', 'open', error);
      }
      try {
        const size = (await handle.stat()).size;
        const tail = await this.#settledTail(handle, size);
        if (!tail.torn) {
          this.tornTail = null;
          return null;
        }
        const { byte, length } = tail.torn;
        const bytes = Buffer.alloc(length);
        await readExactly(handle, bytes, length, byte);
        // The copy is durable before the ledger is cut: a crash in between leaves the bytes in both places.
        const movedTo = await writeAside(this.file, bytes);
        await handle.truncate(byte);
        await handle.sync();
        await unlink(journalPath(this.file)).catch(() => undefined);
        this.tornTail = null;
        return { movedTo, byte, length };
      } finally {
        await handle.close();
      }
    });
  }

  async close(): Promise<void> {}

  async #inspectTail(): Promise<Tail | null> {
    let tail = await this.#inspect();
    // A line still being written by another process looks torn: look again once it has finished.
    if (tail?.torn) tail = await this.#withLock(() => this.#inspect());
    this.tornTail = tail?.torn ?? null;
    return tail;
  }

  async #inspect(): Promise<Tail | null> {
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw storageError(this.file, 'mở', 'open', error);
    }
    try {
      const size = (await handle.stat()).size;
      const journal = await readJournal(this.file);
      return journal ? await tailWithJournal(handle, size, journal, this.options.maxLineBytes) : await readTail(handle, size, this.options.maxLineBytes);
    } finally {
      await handle.close();
    }
  }

  /**
   * The tail under the lock, where no writer is part way through: a batch journal left by a crash
   * either names an incomplete batch (the torn tail) or is of no more use, and is removed.
   */
  async #settledTail(handle: FileHandle, size: number): Promise<Tail> {
    const journal = await readJournal(this.file);
    if (!journal) return readTail(handle, size, this.options.maxLineBytes);
    const tail = await tailWithJournal(handle, size, journal, this.options.maxLineBytes);
    if (tail.torn?.reason !== 'incomplete-batch') await unlink(journalPath(this.file)).catch(() => undefined);
    return tail;
  }

  #withLock<T>(work: (lost: () => Error | null) => Promise<T>): Promise<T> {
    return withFileLock(this.file, { staleMs: this.options.lockStaleMs, retries: this.options.lockRetries }, work);
  }
}

/**
 * A hard link is another name for the same file, possibly in another folder, where no lock taken
 * beside this name can be seen: a ledger with more than one name is not written at all.
 */
async function refuseHardLinks(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (info && info.nlink > 1) {
    throw new LedgerError(
      'storage',
      `Sổ ${file} có ${info.nlink} tên (liên kết cứng, hard link): hai chương trình ghi qua hai tên khác nhau sẽ không thấy khóa của nhau, nên không ghi vào sổ này. Hãy sao chép sổ thành một tệp riêng (cp) và dùng tệp đó.`,
      `The ledger ${file} has ${info.nlink} names (hard links): writers using different names would not see each other's lock, so it is not written. Copy it into a file of its own (cp) and use that.`,
    );
  }
}

/** The last whole line (its start and parsed value) and the torn tail after it, if any. */
interface Tail {
  torn: TornTail | null;
  last: { byte: number; value: unknown } | null;
  /** The last line is a whole JSON object without its newline (an editor saved it so): kept, and the next append starts a line. */
  unterminated?: boolean;
}

async function readTail(handle: FileHandle, size: number, maxLineBytes: number): Promise<Tail> {
  if (size === 0) return { torn: null, last: null };
  const lastByte = Buffer.alloc(1);
  await readExactly(handle, lastByte, 1, size - 1);
  let torn: TornTail | null = null;
  let end = size - 1; // the newline that ends the last whole line
  if (lastByte[0] !== NEWLINE) {
    const start = await lineStart(handle, size);
    const value = await parseRange(handle, start, size, maxLineBytes);
    // No prefix of a JSON object is one: an object there is the whole line, only its newline missing.
    if (isObject(value)) return { torn: null, last: { byte: start, value }, unterminated: true };
    torn = { byte: start, length: size - start, reason: 'no-newline' };
    end = start - 1;
  } else {
    const start = await lineStart(handle, size - 1);
    const value = await parseRange(handle, start, size - 1, maxLineBytes);
    if (value === undefined) {
      torn = { byte: start, length: size - start, reason: 'not-json' };
      end = start - 1;
    } else {
      return { torn: null, last: { byte: start, value } };
    }
  }
  if (end < 0) return { torn, last: null };
  const start = await lineStart(handle, end);
  return { torn, last: { byte: start, value: await parseRange(handle, start, end, maxLineBytes) } };
}

/** What a batch journal says: the ledger's size before the batch, and the batch's bytes. */
interface Journal {
  offset: number;
  bytes: Buffer;
}

const journalPath = (file: string): string => `${file}.batch`;

/** `<ledger>.batch`: a header line (offset, length, SHA-256), then the batch's bytes; fsynced, with its folder. */
async function writeJournal(file: string, offset: number, bytes: Buffer): Promise<string> {
  const target = journalPath(file);
  const header = JSON.stringify({ cchcBatch: 1, offset, length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  const handle = await open(target, 'w');
  try {
    await writeAll(handle, Buffer.concat([Buffer.from(`${header}\n`), bytes]), 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(path.dirname(path.resolve(target)));
  return target;
}

/**
 * The journal beside the ledger, or null when there is none. One cut off itself (offset -1) was
 * cut before the ledger was touched: it names nothing, and is removed under the lock.
 */
async function readJournal(file: string): Promise<Journal | null> {
  let content: Buffer;
  try {
    content = await readFile(journalPath(file));
  } catch {
    return null;
  }
  const unusable = { offset: -1, bytes: Buffer.alloc(0) };
  const newline = content.indexOf(NEWLINE);
  if (newline < 0) return unusable;
  try {
    const header = JSON.parse(content.subarray(0, newline).toString('utf8')) as { offset: unknown; length: unknown; sha256: unknown };
    const bytes = content.subarray(newline + 1);
    const whole = bytes.length === header.length && createHash('sha256').update(bytes).digest('hex') === header.sha256;
    return whole && Number.isSafeInteger(header.offset) ? { offset: header.offset as number, bytes } : unusable;
  } catch {
    return unusable;
  }
}

/**
 * The tail as the journal shows it: when the ledger holds more than it did before the batch but not
 * the whole batch, everything from the batch's start is torn, whole lines or not.
 */
async function tailWithJournal(handle: FileHandle, size: number, journal: Journal, maxLineBytes: number): Promise<Tail> {
  const { offset, bytes } = journal;
  const partial = offset >= 0 && size > offset && size <= offset + bytes.length;
  if (partial && size < offset + bytes.length) {
    const before = await readTail(handle, offset, maxLineBytes);
    return { torn: { byte: offset, length: size - offset, reason: 'incomplete-batch' }, last: before.last };
  }
  return readTail(handle, size, maxLineBytes);
}

/** Start of the line whose bytes end just before `end`: one past the last newline before it. */
async function lineStart(handle: FileHandle, end: number): Promise<number> {
  const chunk = Buffer.alloc(Math.min(TAIL_CHUNK, end));
  for (let to = end; to > 0; ) {
    const from = Math.max(0, to - chunk.length);
    await readExactly(handle, chunk, to - from, from);
    const at = chunk.lastIndexOf(NEWLINE, to - from - 1);
    if (at !== -1) return from + at + 1;
    to = from;
  }
  return 0;
}

/** The JSON value of bytes [start, end), or undefined when they are not JSON (or longer than a line may be). */
async function parseRange(handle: FileHandle, start: number, end: number, maxLineBytes: number): Promise<unknown> {
  if (end - start > maxLineBytes) return undefined;
  const bytes = Buffer.alloc(end - start);
  await readExactly(handle, bytes, bytes.length, start);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headOf(tail: Tail, file: string): Head {
  if (!tail.last) return EMPTY_HEAD;
  const value = tail.last.value as { seq?: unknown; hash?: unknown } | undefined;
  if (value && Number.isInteger(value.seq) && typeof value.hash === 'string') {
    return { seq: value.seq as number, hash: value.hash };
  }
  throw new LedgerError(
    'storage',
    `Dòng cuối của sổ ${file} (tại byte ${tail.last.byte}) không phải một ghi nhận; chạy "cchc verify ${file}" để xem chi tiết.`,
    `The last line of the ledger ${file} (at byte ${tail.last.byte}) is not an event; run "cchc verify ${file}" for details.`,
  );
}

/** A line too long to be an event: reported where it is, its bytes never held. */
function overlongLine(length: number, max: number, where: { file: string; line: number; byte: number }): RawEvent {
  return {
    parseError: `dòng dài ${length} byte, quá giới hạn ${max} byte của một ghi nhận: không đọc / a line of ${length} bytes, over the ${max} bytes an event may take: not read`,
    where,
  };
}

/**
 * One line's bytes read as one meaning: UTF-8 that decodes without replacement, JSON with no key
 * twice in an object. What is refused is named by its byte in the file.
 */
function parseLine(bytes: Buffer, where: { file: string; line: number; byte: number }): RawEvent {
  if (bytes.length === 0) return { parseError: 'dòng trống / empty line', where };
  if (!isUtf8(bytes)) {
    const at = where.byte + firstInvalidUtf8(bytes);
    return { parseError: `byte ${at} không phải UTF-8 hợp lệ / byte ${at} is not valid UTF-8`, where };
  }
  const text = bytes.toString('utf8');
  const read = parseLedgerJson(text);
  if ('value' in read) return { value: read.value, line: text, where };
  if (read.index === null) return { parseError: read.problem.en, where };
  const at = where.byte + Buffer.byteLength(text.slice(0, read.index), 'utf8');
  return { parseError: `${read.problem.vi} (byte ${at}) / ${read.problem.en} (at byte ${at})`, where };
}

async function openForAppend(file: string): Promise<{ handle: FileHandle; created: boolean }> {
  try {
    return { handle: await open(file, 'r+'), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storageError(file, 'mở', 'open', error);
  }
  try {
    return { handle: await open(file, 'wx+'), created: true };
  } catch (error) {
    throw storageError(file, 'tạo', 'create', error);
  }
}

async function readExactly(handle: FileHandle, into: Buffer, length: number, position: number): Promise<void> {
  for (let done = 0; done < length; ) {
    const { bytesRead } = await handle.read(into, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

async function writeAside(file: string, bytes: Buffer): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 1; ; n++) {
    const target = `${file}.torn-${stamp}${n === 1 ? '' : `-${n}`}`;
    let handle: FileHandle;
    try {
      handle = await open(target, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw storageError(target, 'tạo', 'create', error);
    }
    try {
      await writeAll(handle, bytes, 0);
      await handle.sync();
    } catch (error) {
      // A full disk: no empty or partial copy is left behind, and the ledger is not cut.
      await handle.close().catch(() => undefined);
      await unlink(target).catch(() => undefined);
      throw new LedgerError(
        'storage',
        `Không ghi được bản sao phần hỏng vào ${target} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; ổ đĩa đầy?). Sổ không bị thay đổi; giải phóng chỗ trống rồi chạy lại "cchc repair".`,
        `Could not write the copy of the torn bytes to ${target} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; disk full?). The ledger was not changed; free some space and run "cchc repair" again.`,
      );
    }
    await handle.close();
    await syncDirectory(path.dirname(path.resolve(target)));
    return target;
  }
}

async function removeIfEmpty(file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (info?.size === 0) await unlink(file).catch(() => undefined);
}

function overlongEventError(file: string, seq: number, length: number, max: number): LedgerError {
  return new LedgerError(
    'storage',
    `Ghi nhận số ${seq} dài ${length} byte, quá giới hạn ${max} byte của một dòng trong sổ ${file}; không ghi gì.`,
    `Event seq ${seq} would take a line of ${length} bytes, over the ${max} bytes a line of ${file} may hold; nothing was written.`,
    { seq },
  );
}

function tornTailError(file: string, torn: TornTail): LedgerError {
  return new LedgerError(
    'storage',
    `Sổ ${file} có dòng cuối bị cắt dở (${torn.length} byte tại byte ${torn.byte}), có thể do máy tắt đột ngột khi đang ghi. Chưa ghi thêm được: hãy chạy "cchc repair ${file}" để chuyển phần hỏng sang tệp riêng.`,
    `The ledger ${file} ends in a torn line (${torn.length} bytes at byte ${torn.byte}), probably from a crash during a write. Appends are refused: run "cchc repair ${file}" to move it aside.`,
  );
}

function storageError(file: string, verbVi: string, verbEn: string, error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new LedgerError(
    'storage',
    `Không ${verbVi} được tệp sổ ${file}: ${reason}. Sổ không bị thay đổi.`,
    `Could not ${verbEn} the ledger file ${file}: ${reason}. The ledger was not changed.`,
  );
}
