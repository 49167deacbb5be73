import { produce } from 'immer';
import type { IsoInstant } from './dates.ts';
import { LedgerError } from './errors.ts';
import { evolve } from './evolve.ts';
import { FORMAT_VERSION, LedgerEvent, type EventDraft } from './events.ts';
import { emptyState, replayStream, type ReplayOptions } from './replay.ts';
import { checkEvent } from './rules.ts';
import { schemaError } from './schema-error.ts';
import { computeHash, normalizeText, seal } from './seal.ts';
import type { LedgerState } from './state.ts';
import { EMPTY_HEAD, type EventStore, type Head } from './store.ts';

/** Everything known, about every date: the view the rules judge a new event against. */
const EVERYTHING: Required<ReplayOptions> = { knownAt: '9999-12-31T23:59:59.999Z', validAt: '9999-12-31' };

/** How far ahead of this computer's clock an event's `at` may be, for writers whose clocks differ a little. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

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
    const knowledge = emptyState(EVERYTHING);
    let lastAt = '';
    for await (const event of readChecked(store)) {
      evolve(knowledge, event);
      lastAt = event.at;
    }
    return new Ledger(store, knowledge, lastAt, options.clock ?? (() => new Date()));
  }

  get head(): Head {
    return this.knowledge.head;
  }

  /** Everything recorded, with every change in force whatever its date: what the rules check against. */
  get state(): LedgerState {
    return this.knowledge;
  }

  /** The state at (`knownAt`, `validAt`), replayed from the store. */
  replayAt(options: ReplayOptions = {}): Promise<LedgerState> {
    return replayStream(readChecked(this.store), options);
  }

  /** Every event, checked, in order. */
  events(): AsyncIterable<LedgerEvent> {
    return readChecked(this.store);
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
    const next = produce(this.knowledge, (draft) => {
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
    if (Date.parse(at) > now.getTime() + CLOCK_SKEW_MS) {
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
    const { hash: _placeholder, ...unsealed } = parsed.data;
    return seal(unsealed);
  }
}

/** Reads a store's events, checking format, sequence and links as it goes; throws at the first problem. */
async function* readChecked(store: EventStore): AsyncIterable<LedgerEvent> {
  let head: Head = EMPTY_HEAD;
  for await (const raw of store.read()) {
    if ('parseError' in raw) {
      throw new LedgerError('schema', `Dòng không đọc được: ${raw.parseError}`, `Unreadable record: ${raw.parseError}`, { seq: head.seq + 1 });
    }
    const parsed = LedgerEvent.safeParse(raw.value);
    if (!parsed.success) throw schemaError(parsed.error, { seq: head.seq + 1 });
    const event = parsed.data;
    if (event.seq !== head.seq + 1 || event.prev !== head.hash || computeHash(event) !== event.hash) {
      throw new LedgerError(
        'link',
        `Chuỗi bị đứt tại sự kiện số ${head.seq + 1}: hãy chạy "cchc verify" để biết chi tiết.`,
        `The chain breaks at seq ${head.seq + 1}: run "cchc verify" for details.`,
        { seq: head.seq + 1 },
      );
    }
    head = { seq: event.seq, hash: event.hash };
    yield event;
  }
}

