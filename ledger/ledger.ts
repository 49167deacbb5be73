import type { IsoInstant } from './dates.ts';
import { LedgerError } from './errors.ts';
import { evolve } from './evolve.ts';
import { FORMAT_SIGNED, FORMAT_UNSIGNED, GENESIS_HASH, LedgerEvent, type EventDraft, type FormatVersion } from './events.ts';
import { KeyRing, selfEnrolment } from './key-ring.ts';
import { project } from './project.ts';
import { changed, emptyState, type ReplayOptions } from './replay.ts';
import { checkEvent } from './rules.ts';
import { schemaError } from './schema-error.ts';
import { normalizeText, seal } from './seal.ts';
import { longCombiningRun, MAX_COMBINING_RUN } from './stream-safe.ts';
import { signedContent, type PendingEvent, type Signer } from './signed-content.ts';
import { invisibleCharacter } from './visible-name.ts';
import type { LedgerState } from './state.ts';
import type { EventStore, Head } from './store.ts';
import { ChainChecker, CLOCK_SKEW_MS, failureError, isFailure } from './verify.ts';
import { verifyAndReplay } from './verify-replay.ts';
import { freezeState } from './item-entries.ts';

export interface LedgerOptions {
  /** The clock that stamps `at`; tests and the demo pass their own. */
  clock?: () => Date;
  /**
   * The key that signs what this ledger appends. A new ledger given a signer is signed (format 2):
   * its first event enrolls the signer, as the first administrator, for the first draft's actor.
   * Without one a new ledger is unsigned (format 1). A signed ledger needs a signer to append.
   */
  signer?: Signer;
}

/**
 * A ledger over a store: validates, signs, seals and appends events, and replays them. It holds the
 * state the rules need, not the events, so it opens ledgers far larger than memory.
 */
export class Ledger {
  private constructor(
    private readonly store: EventStore,
    private knowledge: LedgerState,
    private lastAt: string,
    private readonly clock: () => Date,
    private ledgerFormat: FormatVersion | null,
    private keyRing: KeyRing,
    private readonly signer: Signer | undefined,
  ) {}

  static async open(store: EventStore, options: LedgerOptions = {}): Promise<Ledger> {
    // The same checker as `verify`, rules on: its state is what the ledger knows.
    const checker = new ChainChecker(options.clock ? { now: options.clock } : {});
    for await (const raw of store.read()) {
      const result = checker.check(raw);
      if (isFailure(result)) throw failureError(result);
    }
    // Frozen as every state a ledger gives (immer's first change would otherwise walk it all, making every item's lists).
    return new Ledger(store, freezeState(checker.state!), checker.lastAt, options.clock ?? (() => new Date()), checker.format, checker.keys, options.signer);
  }

  get head(): Head {
    return this.knowledge.head;
  }

  /** 1 unsigned, 2 signed; null while the ledger is empty. */
  get format(): FormatVersion | null {
    return this.ledgerFormat;
  }

  /** The fingerprint of the key this ledger signs with, if it was given one. */
  get signerFingerprint(): string | undefined {
    return this.signer?.fingerprint;
  }

  /** The keys enrolled in a signed ledger (a copy). */
  get keys(): KeyRing {
    return this.keyRing.clone();
  }

  /** Everything recorded, with every change in force whatever its date: what the rules check against. */
  get state(): LedgerState {
    return this.knowledge;
  }

  /**
   * The state at (`knownAt`, `validAt`): projected from what the ledger knows when the store holds
   * just that and every event was known by then; otherwise the store is verified and replayed again.
   */
  async replayAt(options: ReplayOptions = {}): Promise<LedgerState> {
    const { knownAt, validAt } = emptyState(options);
    const stored = await this.store.head();
    if (knownAt >= this.lastAt && stored.seq === this.head.seq && stored.hash === this.head.hash) {
      return freezeState(project(this.knowledge, validAt, { knownAt }));
    }
    const { verification, state } = await verifyAndReplay(this.store.read(), { knownAt, validAt, now: this.clock });
    if (!verification.ok) throw failureError(verification);
    return state;
  }

  /** Every event, checked, in order. */
  events(): AsyncIterable<LedgerEvent> {
    return checkedEvents(this.store, this.clock);
  }

  /**
   * Validates drafts (schema, then rules against the current state), signs them (a signed ledger),
   * seals them onto the chain and stores them all or none. `options.signer` signs this batch instead
   * of the ledger's own signer (one program recording for several people, as the demo does). Resolves once they are durable. If
   * another writer appended first, rejects with ConcurrencyError and writes nothing: reopen, then retry.
   */
  async append(drafts: EventDraft | readonly EventDraft[], options: { signer?: Signer } = {}): Promise<LedgerEvent[]> {
    let list = Array.isArray(drafts) ? (drafts as readonly EventDraft[]) : [drafts as EventDraft];
    if (list.length === 0) return [];
    const given = options.signer ?? this.signer;
    const format = this.ledgerFormat ?? (given ? FORMAT_SIGNED : FORMAT_UNSIGNED);
    const signer = format === FORMAT_SIGNED ? given : undefined;
    if (format === FORMAT_SIGNED && !signer) {
      throw new LedgerError(
        'signature',
        'Sổ này có ký (định dạng 2): mỗi ghi nhận phải được ký bằng khóa của người ghi (--key hoặc CCHC_KEY).',
        'This ledger is signed (format 2): every event must be signed with its writer\'s key (--key or CCHC_KEY).',
      );
    }
    if (signer && this.head.seq === 0 && list[0]!.type !== 'key.enrolled') {
      const first = list[0]!;
      list = [{ ...selfEnrolment(signer.publicKey, first.actor), ...(first.at !== undefined && { at: first.at }) }, ...list];
    }
    const now = this.clock();
    let lastAt = this.lastAt;
    const pending: PendingEvent[] = list.map((draft, i) => {
      const event = this.pendingOf(draft, format, this.head.seq + 1 + i, lastAt, now);
      lastAt = event.at;
      return event;
    });
    if (signer) {
      const ledgerId = this.keyRing.ledgerId ?? pending[0]!.id;
      for (const event of pending) {
        const content = signedContent(ledgerId, event, signer.fingerprint);
        event.sig = { alg: 'Ed25519', key: signer.fingerprint, value: await signer.sign(content) };
      }
    }
    return this.place(pending);
  }

  /**
   * Places events already signed elsewhere (a client's, for a server) on the chain after the head:
   * each must be signed as `verify` requires, and pass the rules. All or none, durable when it resolves.
   */
  async appendSigned(pending: readonly PendingEvent[]): Promise<LedgerEvent[]> {
    return this.place(pending);
  }

  private async place(pending: readonly PendingEvent[]): Promise<LedgerEvent[]> {
    const now = this.clock();
    const sealed: LedgerEvent[] = [];
    const keys = this.keyRing.clone();
    let format = this.ledgerFormat;
    let head = this.head;
    let lastAt = this.lastAt;
    const next = changed(this.knowledge, (draft) => {
      for (const item of pending) {
        const seq = head.seq + 1;
        format ??= item.v;
        if (item.v !== format) {
          throw new LedgerError('version', `Sổ định dạng ${format} không nhận ghi nhận định dạng ${item.v}.`, `A format ${format} ledger takes no format ${item.v} event.`, { seq });
        }
        checkClock(item.at, lastAt, now);
        refuseInvisible(item.actor);
        const event = sealPending(item, head);
        if (format === FORMAT_SIGNED) {
          const problem = keys.check(item, seq);
          if (problem) throw new LedgerError(problem.code, problem.vi, problem.en, { seq });
          keys.apply(item, seq);
        } else if (item.sig !== undefined || item.type === 'key.enrolled' || item.type === 'key.revoked') {
          throw new LedgerError('version', 'Sổ không ký (định dạng 1) không nhận chữ ký hay khóa.', 'An unsigned (format 1) ledger takes no signature or key.', { seq });
        }
        checkEvent(draft, event);
        evolve(draft, event);
        sealed.push(event);
        head = { seq: event.seq, hash: event.hash };
        lastAt = event.at;
      }
    });
    if (sealed.length === 0) return [];
    await this.store.append(sealed, this.head);
    this.knowledge = next;
    this.lastAt = lastAt;
    this.keyRing = keys;
    this.ledgerFormat = format;
    return sealed;
  }

  /** A draft as an event with all but its signature and its place: normalised, stamped, schema-checked. */
  private pendingOf(draft: EventDraft, v: FormatVersion, seq: number, lastAt: string, now: Date): PendingEvent {
    const at = draft.at ?? (now.toISOString() > lastAt ? now.toISOString() : lastAt);
    refuseLongCombiningRuns(draft, seq);
    const body = normalizeText({ ...draft, v, seq, id: draft.id ?? globalThis.crypto.randomUUID(), at, prev: GENESIS_HASH, hash: GENESIS_HASH });
    const parsed = LedgerEvent.safeParse(body);
    if (!parsed.success) throw schemaError(parsed.error, { seq });
    const { seq: _seq, prev: _prev, hash: _hash, ...pending } = parsed.data;
    return pending as PendingEvent;
  }
}

/** Refuses, before NFC is computed (quadratic on such a run), a text with more combining marks in a row than Unicode's stream-safe text allows. */
function refuseLongCombiningRuns(value: unknown, seq: number): void {
  if (typeof value === 'string') {
    const run = longCombiningRun(value);
    if (!run) return;
    throw new LedgerError(
      'schema',
      `Ghi nhận số ${seq}: một nội dung có ${run.length} dấu kết hợp liền nhau (từ ký tự thứ ${run.at + 1}), quá giới hạn ${MAX_COMBINING_RUN} của chuẩn Unicode (UAX #15); chữ Việt dùng tối đa 2 dấu trên một chữ. Không ghi gì.`,
      `Event seq ${seq}: a text holds ${run.length} combining marks in a row (from character ${run.at + 1}), over the ${MAX_COMBINING_RUN} Unicode's stream-safe text allows (UAX #15); Vietnamese puts at most 2 on a letter. Nothing was recorded.`,
      { seq },
    );
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      refuseLongCombiningRuns(k, seq);
      refuseLongCombiningRuns(v, seq);
    }
  }
}

function sealPending(pending: PendingEvent, head: Head): LedgerEvent {
  const body = { ...pending, seq: head.seq + 1, prev: head.hash };
  const parsed = LedgerEvent.safeParse({ ...body, hash: GENESIS_HASH });
  if (!parsed.success) throw schemaError(parsed.error, { seq: body.seq });
  // What was signed, as given: the schema's defaults would change it.
  try {
    return seal(body as Omit<LedgerEvent, 'hash'>);
  } catch {
    throw new LedgerError('schema', `Ghi nhận số ${body.seq} chứa ký tự không hợp lệ (nửa cặp thay thế UTF-16).`, `Event seq ${body.seq} holds an invalid character (a lone UTF-16 surrogate).`, { seq: body.seq });
  }
}

function checkClock(at: IsoInstant, lastAt: string, now: Date): void {
  if (at < lastAt) {
    throw new LedgerError(
      'clock',
      `Thời điểm ghi nhận ${at} sớm hơn sự kiện trước (${lastAt}); kiểm tra đồng hồ máy tính.`,
      `Recorded time ${at} is before the previous event's (${lastAt}); check this computer's clock.`,
      { field: 'at' },
    );
  }
  // `at` never goes back: a writer stamps max(now, the previous event's `at`), so when another computer's
  // clock ran ahead this one's events take that time rather than being refused. Only a time further ahead
  // than the ledger's own is the writer's clock at fault.
  if (at > lastAt && Date.parse(at) > now.getTime() + CLOCK_SKEW_MS) {
    throw new LedgerError('clock', `Thời điểm ghi nhận ${at} ở tương lai.`, `Recorded time ${at} is in the future.`, { field: 'at' });
  }
}

/** Who records must read as who they are: no control or invisible character in a name or a unit. */
function refuseInvisible(actor: { name: string; unit: string }): void {
  for (const [field, vi, en] of [['name', 'Tên người ghi', 'The name'], ['unit', 'Tên cơ quan, đơn vị', 'The unit']] as const) {
    const found = invisibleCharacter(actor[field]);
    if (found) {
      throw new LedgerError(
        'schema',
        `${vi} chứa ký tự điều khiển hoặc không nhìn thấy (${found.code}, ở vị trí ${found.index + 1}): hãy gõ lại tên, không dán.`,
        `${en} holds a control or invisible character (${found.code}, at position ${found.index + 1}): type the name again rather than paste it.`,
        { field: `actor.${field}` },
      );
    }
  }
}

/** A store's events, checked as `verify` checks them but for the rules; throws at the first problem. */
async function* checkedEvents(store: EventStore, now: () => Date): AsyncIterable<LedgerEvent> {
  const checker = new ChainChecker({ rules: false, now });
  for await (const raw of store.read()) {
    const result = checker.check(raw);
    if (isFailure(result)) throw failureError(result);
    yield result;
  }
}
