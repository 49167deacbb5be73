import { freeze } from 'immer';
import type { IsoInstant } from './dates.ts';
import { LedgerError } from './errors.ts';
import { evolve } from './evolve.ts';
import { FORMAT_VERSION, LedgerEvent, type EventDraft } from './events.ts';
import { project } from './project.ts';
import { changed, emptyState, type ReplayOptions } from './replay.ts';
import { checkEvent } from './rules.ts';
import { schemaError } from './schema-error.ts';
import { normalizeText, seal } from './seal.ts';
import { invisibleCharacter } from './visible-name.ts';
import type { LedgerState } from './state.ts';
import { EMPTY_HEAD, type EventStore, type Head } from './store.ts';
import { ChainChecker, CLOCK_SKEW_MS, failureError, isFailure } from './verify.ts';
import { verifyAndReplay } from './verify-replay.ts';

export interface LedgerOptions {
  /** The clock that stamps `at`; tests and the demo pass their own. */
  clock?: () => Date;
}

/**
 * A ledger over a store: validates, seals and appends events, and replays them. It holds the
 * state the rules need, not the events, so it opens ledgers far larger than memory.
 */
export class Ledger {
  private constructor(
    private readonly store: EventStore,
    private knowledge: LedgerState,
    private lastAt: string,
    private readonly clock: () => Date,
  ) {}

  static async open(store: EventStore, options: LedgerOptions = {}): Promise<Ledger> {
    // The same checker as `verify`, rules on: its state is what the ledger knows.
    const checker = new ChainChecker(options.clock ? { now: options.clock } : {});
    for await (const raw of store.read()) {
      const result = checker.check(raw);
      if (isFailure(result)) throw failureError(result);
    }
    return new Ledger(store, checker.state!, checker.lastAt, options.clock ?? (() => new Date()));
  }

  get head(): Head {
    return this.knowledge.head;
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
      return freeze(project(this.knowledge, validAt, { knownAt }), true);
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
   * Validates drafts (schema, then rules against the current state), seals them onto the chain and
   * stores them all or none. Resolves once they are durable. If another writer appended first,
   * rejects with ConcurrencyError and writes nothing: reopen, then retry.
   */
  async append(drafts: EventDraft | readonly EventDraft[]): Promise<LedgerEvent[]> {
    const list = Array.isArray(drafts) ? (drafts as readonly EventDraft[]) : [drafts as EventDraft];
    const now = this.clock();
    const sealed: LedgerEvent[] = [];
    let head = this.head;
    let lastAt = this.lastAt;
    const next = changed(this.knowledge, (draft) => {
      for (const item of list) {
        const event = this.sealDraft(item, head, lastAt, now);
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
    return sealed;
  }

  /**
   * `at` never goes back: stamped max(now, the previous event's `at`). When another computer's clock
   * ran ahead, this one's events take that time (and the command line says so) rather than being refused.
   */
  private sealDraft(draft: EventDraft, head: Head, lastAt: string, now: Date): LedgerEvent {
    const at = draft.at ?? (now.toISOString() > lastAt ? now.toISOString() : lastAt);
    if (at < lastAt) {
      throw new LedgerError(
        'clock',
        `Thời điểm ghi nhận ${at} sớm hơn sự kiện trước (${lastAt}); kiểm tra đồng hồ máy tính.`,
        `Recorded time ${at} is before the previous event's (${lastAt}); check this computer's clock.`,
        { field: 'at' },
      );
    }
    // A time given by the writer may not run ahead of its clock; one taken from the previous event may (see below).
    if (draft.at !== undefined && Date.parse(at) > now.getTime() + CLOCK_SKEW_MS) {
      throw new LedgerError('clock', `Thời điểm ghi nhận ${at} ở tương lai.`, `Recorded time ${at} is in the future.`, { field: 'at' });
    }
    const body = normalizeText({
      ...draft,
      v: FORMAT_VERSION,
      seq: head.seq + 1,
      id: draft.id ?? globalThis.crypto.randomUUID(),
      at,
      prev: head.hash,
      hash: EMPTY_HEAD.hash,
    });
    const parsed = LedgerEvent.safeParse(body);
    if (!parsed.success) throw schemaError(parsed.error, { seq: head.seq + 1 });
    refuseInvisible(parsed.data.actor);
    const { hash: _placeholder, ...unsealed } = parsed.data;
    return seal(unsealed);
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
