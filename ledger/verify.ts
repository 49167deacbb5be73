import { sha256Hex } from '#digest';
import { canonicalJson } from './canonical-json.ts';
import { HeadHashes } from './head-hashes.ts';
import { LedgerError, type LedgerErrorCode } from './errors.ts';
import { deriveItems, evolve } from './evolve.ts';
import { FORMAT_SIGNED, FORMAT_UNSIGNED, FORMAT_VERSIONS, LedgerEvent, type FormatVersion } from './events.ts';
import { KeyRing, type EnrolledKey } from './key-ring.ts';
import { emptyState, EVERYTHING } from './replay.ts';
import { checkEvent } from './rules.ts';
import { schemaError } from './schema-error.ts';
import { eventFastPath } from './event-fast-path.ts';
import { ASK_ZOD } from './schema-fast-path.ts';
import type { LedgerState } from './state.ts';
import { EMPTY_HEAD, type Head, type Location, type RawEvent } from './store.ts';
import { canonicalBodyOfLine } from './stored-line.ts';

/** An issued report's head ("seq:hash" as printed on the report): the ledger must still reach it, unchanged. */
export interface Anchor {
  seq: number;
  hash: string;
}

export type VerifyCode =
  | 'parse'
  | 'version'
  | 'schema'
  | 'sequence'
  | 'link'
  | 'canonical'
  | 'hash'
  | 'signature'
  | 'key'
  | 'clock'
  | 'duplicate-id'
  | 'rule'
  | 'anchor';

/**
 * Events stamped later than the reading computer's clock (by more than CLOCK_SKEW_MS): the writer's
 * clock ran ahead. A warning, not a break: the chain holds, and later writers stamp no earlier.
 */
export interface FutureDated {
  count: number;
  /** The first such event, and how far ahead of this clock it is (milliseconds). */
  first: { seq: number; at: string; aheadMs: number };
  /** The one furthest ahead. */
  furthest: { seq: number; at: string; aheadMs: number };
}

export interface VerifyOk {
  ok: true;
  count: number;
  head: Head;
  /** The ledger's format: 1 unsigned, 2 signed (null for an empty ledger). */
  format?: FormatVersion | null;
  /** Format 2: every key enrolled, in the order enrolled, with its person, role and revocation. */
  keys?: EnrolledKey[];
  futureDated?: FutureDated;
}

export interface VerifyFailure {
  ok: false;
  /** The bad event's seq; its position (count so far + 1) when it has none, the anchor's seq when the ledger is too short. */
  seq: number;
  /** Where the bad record is stored; empty when the problem is the ledger's end (truncation). */
  where: Location;
  code: VerifyCode;
  message_vi: string;
  message_en: string;
  /** Events found intact before the problem. */
  countBeforeProblem: number;
  /** For `rule` and `schema`: the rule's error code and the field at fault. */
  rule?: LedgerErrorCode;
  field?: string;
  /** The ledger's format, as its first event says (null when there is none). */
  format?: FormatVersion | null;
  /** For `canonical`: the byte of the stored line (from 0) where it first differs from the event's one form. */
  lineByte?: number;
  futureDated?: FutureDated;
}

export type VerifyResult = VerifyOk | VerifyFailure;

export interface VerifyOptions {
  anchor?: Anchor;
  /**
   * Also check every event against the ledger's rules, folding it into a state (default true).
   * Off, verify checks only what makes the chain a chain, in memory constant but for the ids.
   */
  rules?: boolean;
  /** The clock against which an event's `at` is found future-dated (a warning); default this computer's. */
  now?: () => Date;
  /**
   * Work done ahead on each record, out of order (in Node: on worker threads, cli/verify-pool.ts);
   * the checks stay in order here and take only what a precheck found to hold. Default: none.
   */
  prechecking?: Prechecking;
}

/**
 * What was found to hold for one stored record ahead of the checks in order. Only good news: a check
 * not found to hold is made again in order, which alone decides, so verdicts and messages are the same.
 */
export interface Precheck {
  /** The schema accepts the record's value as it is (its output would be the same JSON, keys in any order): the value is the event. */
  schemaHolds?: boolean;
  /** The record's own hash holds: format 2, its line is the event's one canonical line and hashes to its `hash`; format 1, its value's canonical JSON does. */
  hashHolds?: boolean;
  /** Its signature holds over its signed content (as the schema reads the event) in the ledger `ledgerId`, under `publicKey`. */
  signedBy?: { ledgerId: string; publicKey: string };
}

export interface Prechecked {
  raw: RawEvent;
  precheck?: Precheck;
}

/** Streams records with what was found ahead for each, in the order read. */
export type Prechecking = (records: AsyncIterable<RawEvent> | Iterable<RawEvent>) => AsyncIterable<Prechecked>;

/** The records as they come, each paired with what `options.prechecking` found for it (nothing without it). */
export async function* withPrechecks(records: AsyncIterable<RawEvent> | Iterable<RawEvent>, options: VerifyOptions): AsyncIterable<Prechecked> {
  if (options.prechecking) yield* options.prechecking(records);
  else for await (const raw of records) yield { raw };
}

/** How far ahead of this computer's clock an event's `at` may be before it is reported, for clocks that differ a little. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Is this what `ChainChecker.check` answers for a record it refuses? */
export function isFailure(result: LedgerEvent | VerifyFailure): result is VerifyFailure {
  return 'ok' in result;
}

/**
 * The per-record check, one record at a time, in order: JSON, format version, schema, seq, link to
 * the previous hash, own hash (over the value as stored, not re-normalised), clock, unique ids, the
 * anchor of an issued report, and the rules (folding each accepted event into `state`). `verify`
 * drains it; `Ledger.open` reads a store through it and keeps its state as what the ledger knows.
 * The first failure ends the chain: later records get the same failure back.
 */
export class ChainChecker {
  readonly #anchor: Anchor | undefined;
  readonly #state: LedgerState | null;
  // With the rules on, the state already indexes every id; otherwise a Set is the one cost that grows.
  readonly #ids: Set<string> | null;
  #head: Head = EMPTY_HEAD;
  #lastAt = '';
  #count = 0;
  #failure: VerifyFailure | null = null;
  // The fold leaves the items' derived fields (status, due, assessment) to be computed once, when the state is asked for.
  #derived = true;
  // The latest `at` not reported as future-dated, as toISOString writes it: a schema-checked `at` compares as text.
  readonly #latestAt: string;
  #format: FormatVersion | null = null;
  readonly #keys = new KeyRing();
  readonly #now: number;
  #futureDated: FutureDated | undefined;
  // Every accepted head: a report.issued names a past one to check.
  readonly #heads = new HeadHashes();

  constructor(options: VerifyOptions = {}) {
    this.#anchor = options.anchor;
    this.#now = (options.now?.() ?? new Date()).getTime();
    this.#latestAt = new Date(this.#now + CLOCK_SKEW_MS).toISOString();
    this.#state = options.rules === false ? null : emptyState(EVERYTHING);
    this.#ids = this.#state ? null : new Set<string>();
  }

  /** The last event accepted. */
  get head(): Head {
    return this.#head;
  }

  /** The ledger's format, that of its first event (null before it). */
  get format(): FormatVersion | null {
    return this.#format;
  }

  /** The keys of a signed ledger, as the events accepted enrolled and revoked them. Owned by the checker while it checks. */
  get keys(): KeyRing {
    return this.#keys;
  }

  /** Events accepted. */
  get count(): number {
    return this.#count;
  }

  /** `at` of the last event accepted ('' before the first). */
  get lastAt(): string {
    return this.#lastAt;
  }

  /** Everything the accepted events say, every change in force (null with the rules off). Owned by the checker while it checks. */
  get state(): LedgerState | null {
    if (this.#state && !this.#derived) {
      deriveItems(this.#state);
      this.#derived = true;
    }
    return this.#state;
  }

  /** Events found stamped ahead of this clock so far (undefined when none). */
  get futureDated(): FutureDated | undefined {
    return this.#futureDated;
  }

  check(raw: RawEvent, precheck?: Precheck): LedgerEvent | VerifyFailure {
    if (this.#failure) return this.#failure;
    const result = this.#check(raw, precheck);
    if (isFailure(result)) this.#failure = { ...result, format: this.#format, ...(this.#futureDated && { futureDated: this.#futureDated }) };
    return this.#failure ?? result;
  }

  /** The verdict once every record has been checked: ok, the first failure, or an anchor the ledger does not reach. */
  end(): VerifyResult {
    if (this.#failure) return this.#failure;
    const anchor = this.#anchor;
    const count = this.#count;
    if (anchor && count < anchor.seq) {
      return (this.#failure = failure(
        {},
        count,
        'anchor',
        `Sổ chỉ có ${count} ghi nhận, ngắn hơn mốc của báo cáo đã phát hành (số ${anchor.seq}): sổ đã bị cắt bớt.`,
        `The ledger holds ${count} events, fewer than the issued report's anchor (seq ${anchor.seq}): it was truncated.`,
        anchor.seq,
      ));
    }
    return {
      ok: true,
      count,
      head: this.#head,
      format: this.#format,
      ...(this.#format === FORMAT_SIGNED && { keys: this.#keys.keys.map((k) => ({ ...k })) }),
      ...(this.#futureDated && { futureDated: this.#futureDated }),
    };
  }

  #noteFutureDated(event: LedgerEvent): void {
    const stamp = { seq: event.seq, at: event.at, aheadMs: Date.parse(event.at) - this.#now };
    const known = this.#futureDated;
    this.#futureDated = known
      ? { count: known.count + 1, first: known.first, furthest: stamp.aheadMs > known.furthest.aheadMs ? stamp : known.furthest }
      : { count: 1, first: stamp, furthest: stamp };
  }

  #check(raw: RawEvent, precheck: Precheck | undefined): LedgerEvent | VerifyFailure {
    const where = raw.where;
    const count = this.#count;
    const head = this.#head;
    const position = count + 1;

    if ('parseError' in raw) {
      return failure(where, count, 'parse', `Bản ghi không đọc được: ${raw.parseError}.`, `Unreadable record: ${raw.parseError}.`, position);
    }
    const value = raw.value as Record<string, unknown> | null;
    const ownSeq = value !== null && typeof value === 'object' && Number.isInteger(value.seq) ? (value.seq as number) : position;
    const version = value !== null && typeof value === 'object' && 'v' in value ? value.v : undefined;
    if (version !== undefined && !FORMAT_VERSIONS.includes(version as number)) {
      return failure(
        where,
        count,
        'version',
        `Ghi nhận theo phiên bản định dạng ${JSON.stringify(version)}, chương trình này chỉ đọc phiên bản ${FORMAT_VERSIONS.join(' và ')}: hãy cập nhật chương trình.`,
        `Event in format version ${JSON.stringify(version)}; this program reads versions ${FORMAT_VERSIONS.join(' and ')} only: update it.`,
        ownSeq,
      );
    }
    const format = this.#format ?? (version as FormatVersion | undefined);
    if (version !== undefined && version !== format) {
      return failure(
        where,
        count,
        'version',
        `Ghi nhận số ${ownSeq} theo phiên bản định dạng ${JSON.stringify(version)}, trong sổ phiên bản định dạng ${format}: một sổ chỉ có một định dạng.`,
        `Event seq ${ownSeq} is in format version ${JSON.stringify(version)}, in a ledger of format version ${format}: a ledger has one format.`,
        ownSeq,
      );
    }
    let event: LedgerEvent;
    const fast = precheck?.schemaHolds ? value : eventFastPath(value);
    if (fast !== ASK_ZOD) {
      event = fast as unknown as LedgerEvent;
    } else {
      // Without zod's compiled parsers: compiling them costs more than a short ledger's whole check (a
      // tenth of `cchc verify`'s start), and on these events the plain parser measured no slower after.
      const parsed = LedgerEvent.safeParse(value, { jitless: true });
      if (!parsed.success) {
        const error = schemaError(parsed.error);
        return failure(where, count, 'schema', error.messageVi, error.messageEn, ownSeq, { field: error.details.field });
      }
      event = parsed.data;
    }

    if (event.seq !== head.seq + 1) {
      return failure(
        where,
        count,
        'sequence',
        `Số thứ tự ${event.seq} không liền sau ${head.seq} (phải là ${head.seq + 1}): có ghi nhận bị xóa, chèn hoặc đảo chỗ.`,
        `Seq ${event.seq} does not follow ${head.seq} (expected ${head.seq + 1}): an event was removed, inserted or moved.`,
        event.seq,
      );
    }
    if (event.prev !== head.hash) {
      return failure(
        where,
        count,
        'link',
        `Trường "prev" của ghi nhận số ${event.seq} không bằng mã băm của ghi nhận trước${head.seq === 0 ? ' (ghi nhận đầu tiên phải nối vào 64 số 0)' : ` (số ${head.seq})`}: chuỗi bị nối lại.`,
        `Event seq ${event.seq}'s "prev" is not the previous hash${head.seq === 0 ? ' (the first event links to 64 zeros)' : ` (seq ${head.seq})`}: the chain was re-linked.`,
        event.seq,
      );
    }
    // Format 2: the line as stored must be the one byte sequence of this event, and its hash covers
    // those bytes. Format 1: the hash covers the canonical JSON of the value as stored, not zod's
    // output (defaults filled in by the schema would change it).
    let body: string | null;
    if (precheck?.hashHolds) {
      body = null;
    } else if (event.v === FORMAT_SIGNED) {
      const line = raw.line ?? null;
      const checked = line === null ? null : canonicalBodyOfLine(line, value as Record<string, unknown>);
      if (checked === null || !('body' in checked)) {
        const at = checked === null ? null : checked.byte;
        return failure(
          where,
          count,
          'canonical',
          `Dòng lưu ghi nhận số ${event.seq} không đúng dạng chuẩn duy nhất của nó (RFC 8785, "hash" ở cuối)${at === null ? '' : `: khác từ byte ${at} của dòng`}; cùng một ghi nhận chỉ được ghi một cách.`,
          `Event seq ${event.seq}'s stored line is not its one canonical form (RFC 8785, "hash" last)${at === null ? '' : `: it differs from byte ${at} of the line`}; an event is stored one way only.`,
          event.seq,
          at === null ? {} : { lineByte: at },
        );
      }
      body = checked.body;
    } else {
      body = canonicalBodyOf(value);
    }
    if (body === null && !precheck?.hashHolds) {
      return failure(
        where,
        count,
        'hash',
        `Ghi nhận số ${event.seq} chứa ký tự không hợp lệ (nửa cặp thay thế UTF-16), không thể tính mã băm: ghi nhận không do chương trình này niêm phong.`,
        `Event seq ${event.seq} holds an invalid character (a lone UTF-16 surrogate) and cannot be hashed: it was not sealed by this program.`,
        event.seq,
      );
    }
    if (body !== null && sha256Hex(body) !== event.hash) {
      return failure(
        where,
        count,
        'hash',
        `Mã băm của ghi nhận số ${event.seq} không khớp nội dung: ghi nhận đã bị sửa sau khi được niêm phong.`,
        `Event seq ${event.seq}'s hash does not match its content: it was changed after it was sealed.`,
        event.seq,
      );
    }
    if (event.v === FORMAT_SIGNED) {
      const problem = this.#keys.check(event, event.seq, precheck?.signedBy);
      if (problem) return failure(where, count, problem.code, problem.vi, problem.en, event.seq);
    } else if (event.sig !== undefined || event.type === 'key.enrolled' || event.type === 'key.revoked') {
      return failure(
        where,
        count,
        'version',
        `Ghi nhận số ${event.seq} có chữ ký hoặc khóa, trong sổ không ký (định dạng ${FORMAT_UNSIGNED}).`,
        `Event seq ${event.seq} carries a signature or a key, in an unsigned (format ${FORMAT_UNSIGNED}) ledger.`,
        event.seq,
      );
    }
    if (event.at < this.#lastAt) {
      return failure(
        where,
        count,
        'clock',
        `Thời điểm ghi nhận ${event.at} của ghi nhận số ${event.seq} sớm hơn ghi nhận trước (${this.#lastAt}).`,
        `Event seq ${event.seq} was recorded at ${event.at}, before the previous event (${this.#lastAt}).`,
        event.seq,
      );
    }
    if (event.at > this.#latestAt) this.#noteFutureDated(event);
    const state = this.#state;
    if (this.#ids ? this.#ids.has(event.id) : state!.events.has(event.id)) {
      return failure(
        where,
        count,
        'duplicate-id',
        `Mã ghi nhận "${event.id}" của ghi nhận số ${event.seq} đã dùng cho một ghi nhận trước.`,
        `Event seq ${event.seq} reuses the id "${event.id}" of an earlier event.`,
        event.seq,
      );
    }
    if (event.type === 'report.issued' && !this.#reaches(event.data.head)) {
      const named = event.data.head;
      return failure(
        where,
        count,
        'anchor',
        `Báo cáo phát hành tại ghi nhận số ${event.seq} được lập từ ghi nhận số ${named.seq} (mã băm ${named.hash.slice(0, 16)}…), nhưng chuỗi tại số đó không có mã băm này: các ghi nhận trước báo cáo đã bị viết lại sau khi báo cáo được phát hành.`,
        `The report issued at seq ${event.seq} was made from seq ${named.seq} (hash ${named.hash.slice(0, 16)}…), but the chain at that seq has another hash: the events before the report were rewritten after it was issued.`,
        event.seq,
        { field: 'data.head' },
      );
    }
    const anchor = this.#anchor;
    if (anchor && event.seq === anchor.seq && event.hash !== anchor.hash) {
      return failure(
        where,
        count,
        'anchor',
        `Ghi nhận số ${event.seq} có mã băm ${event.hash.slice(0, 16)}…, khác mốc của báo cáo đã phát hành (${anchor.hash.slice(0, 16)}…): sổ đã bị viết lại sau khi báo cáo được phát hành.`,
        `Event seq ${event.seq} has hash ${event.hash.slice(0, 16)}…, not the issued report's anchor (${anchor.hash.slice(0, 16)}…): the ledger was rewritten after the report was issued.`,
        event.seq,
      );
    }
    if (state) {
      try {
        checkEvent(state, event);
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
        return failure(where, count, 'rule', error.messageVi, error.messageEn, event.seq, {
          rule: error.code,
          ...(error.details.field !== undefined && { field: error.details.field }),
        });
      }
      evolve(state, event, false);
      this.#derived = false;
    } else {
      this.#ids!.add(event.id);
    }
    if (event.v === FORMAT_SIGNED) this.#keys.apply(event, event.seq);
    this.#format = event.v;
    this.#head = { seq: event.seq, hash: event.hash };
    this.#heads.push(event.hash);
    this.#lastAt = event.at;
    this.#count = position;
    return event;
  }

  /** Whether the chain accepted so far had `head` (seq 0: the genesis) as one of its heads. */
  #reaches(head: { seq: number; hash: string }): boolean {
    if (head.seq === 0) return head.hash === EMPTY_HEAD.hash;
    return this.#heads.has(head.seq, head.hash);
  }
}

/**
 * Checks a stored ledger, streaming, and stops at the first bad event (see ChainChecker for what is
 * checked, in order).
 */
export async function verify(records: AsyncIterable<RawEvent> | Iterable<RawEvent>, options: VerifyOptions = {}): Promise<VerifyResult> {
  const checker = new ChainChecker(options);
  for await (const { raw, precheck } of withPrechecks(records, options)) if (isFailure(checker.check(raw, precheck))) break;
  return checker.end();
}

/** A failure as the LedgerError a reader throws: the failure's code (the rule's, for a rule), seq and where. */
export function failureError(problem: VerifyFailure): LedgerError {
  const code: LedgerErrorCode = problem.code === 'rule' ? problem.rule! : problem.code;
  return new LedgerError(code, problem.message_vi, problem.message_en, {
    seq: problem.seq,
    where: problem.where,
    ...(problem.field !== undefined && { field: problem.field }),
  });
}

function failure(
  where: Location,
  countBeforeProblem: number,
  code: VerifyCode,
  vi: string,
  en: string,
  seq: number,
  extra: Partial<VerifyFailure> = {},
): VerifyFailure {
  return { ok: false, seq, where, code, message_vi: vi, message_en: en, countBeforeProblem, ...extra };
}

/** The canonical JSON the hash covers (everything but `hash`), or null when it has none (a lone surrogate). */
function canonicalBodyOf(value: unknown): string | null {
  try {
    return canonicalJson(value, 'hash');
  } catch {
    return null;
  }
}

/** Reads an anchor written "SEQ:HASH" (the hash in 64 hex digits); null when it is not one. */
export function parseAnchor(text: string): Anchor | null {
  const match = /^\s*(\d+)\s*:\s*([0-9a-fA-F]{64})\s*$/.exec(text);
  if (!match) return null;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) && seq > 0 ? { seq, hash: match[2]!.toLowerCase() } : null;
}
