import { describe, expect, it } from 'vitest';
import { LedgerError } from '../../ledger/errors.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { computeHash, seal } from '../../ledger/seal.ts';
import { EMPTY_HEAD, type EventStore, type Head, type RawEvent } from '../../ledger/store.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { verify } from '../../ledger/verify.ts';
import { sampleEvents } from '../stores/sample-events.ts';

/** A read-only store over records as given: what a damaged file would read back as. */
class RecordsStore implements EventStore {
  constructor(private readonly records: readonly RawEvent[]) {}
  async head(): Promise<Head> {
    const last = [...this.records].reverse().find((r) => 'value' in r) as { value: LedgerEvent } | undefined;
    return last ? { seq: last.value.seq, hash: last.value.hash } : EMPTY_HEAD;
  }
  async append(): Promise<Head> {
    throw new Error('read-only');
  }
  async *read(): AsyncIterable<RawEvent> {
    for (const r of this.records) yield JSON.parse(JSON.stringify(r)) as RawEvent;
  }
  async close(): Promise<void> {}
}

const records = (values: readonly unknown[]): RawEvent[] => values.map((value, i) => ({ value, where: { file: 'so.ndjson', line: i + 1 } }));
const copy = (e: LedgerEvent): Record<string, unknown> => JSON.parse(JSON.stringify(e));
const events = sampleEvents(30, { items: 20 });

function rechain(values: Array<Record<string, unknown>>, from: number): Array<Record<string, unknown>> {
  const out = values.map((e) => ({ ...e }));
  for (let i = from; i < out.length; i++) {
    const { hash: _old, ...body } = out[i]!;
    if (i > 0) body.prev = out[i - 1]!.hash;
    out[i] = seal(body as Omit<LedgerEvent, 'hash'>) as unknown as Record<string, unknown>;
  }
  return out;
}

async function openError(input: RawEvent[]): Promise<LedgerError> {
  const error = await Ledger.open(new RecordsStore(input)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LedgerError);
  return error as LedgerError;
}

/** Damages of every kind verify names, each on an otherwise intact chain. */
function damaged(): Array<{ name: string; input: RawEvent[] }> {
  const edited = events.map(copy);
  edited[9] = { ...edited[9]!, actor: { name: 'Người khác', unit: 'Sở Nội vụ' } };
  const relinked = events.map(copy);
  relinked[12] = { ...relinked[12]!, prev: 'ab'.repeat(32) };
  const backwards = events.map(copy);
  backwards[15] = { ...backwards[15]!, at: '2020-12-31T00:00:00.000Z' };
  const reused = events.map(copy);
  reused[20] = { ...reused[20]!, id: reused[3]!.id };
  const badSchema = events.map(copy);
  badSchema[7] = { ...badSchema[7]!, actor: { name: '' } };
  const sameStatus = events.map(copy);
  const target = sameStatus.findIndex((e, i) => i > 5 && e.type === 'status.changed');
  const data = sameStatus[target]!.data as { item: string; status: string };
  const before = sameStatus.slice(0, target).reverse().find((e) => e.type === 'status.changed' && (e.data as { item: string }).item === data.item);
  sameStatus[target] = { ...sameStatus[target]!, data: { ...data, status: before ? (before.data as { status: string }).status : 'not_started' } };
  const torn: RawEvent[] = [...records(events.slice(0, 4).map(copy)), { parseError: 'Unexpected end of JSON input', where: { file: 'so.ndjson', line: 5, byte: 1234 } }];
  return [
    { name: 'edited after sealing', input: records(edited) },
    { name: 're-linked', input: records(rechain(relinked, 12).map((e, i) => (i === 12 ? { ...e, prev: 'ab'.repeat(32) } : e))) },
    { name: 'removed', input: records([...events.slice(0, 9), ...events.slice(10)].map(copy)) },
    { name: 'clock backwards', input: records(rechain(backwards, 15)) },
    { name: 'reused id', input: records(rechain(reused, 20)) },
    { name: 'bad schema', input: records(rechain(badSchema, 7)) },
    { name: 'rule broken', input: records(rechain(sameStatus, target)) },
    { name: 'torn tail', input: torn },
    { name: 'newer format', input: records(events.map(copy).map((e, i) => (i === 3 ? { ...e, v: 2 } : e))) },
  ];
}

describe('Ledger.open checks a store with the same checker as verify', () => {
  it('refuses every damaged ledger where verify does, with its code, seq and where', async () => {
    for (const { name, input } of damaged()) {
      const result = await verify(input);
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      const error = await openError(input);
      expect(error.code, name).toBe(result.code === 'rule' ? result.rule : result.code);
      expect(error.details.seq, name).toBe(result.seq);
      expect(error.details.where, name).toEqual(result.where);
      expect(error.messageVi, name).toBe(result.message_vi);
    }
  });

  it('names a hash mismatch as such, not as a broken link', async () => {
    const error = await openError(damaged()[0]!.input);
    expect(error.code).toBe('hash');
    expect(error.details).toMatchObject({ seq: 10, where: { file: 'so.ndjson', line: 10 } });
  });

  it('hashes the value as stored: a revision sealed without its optional lists opens', async () => {
    const head = { seq: events.length, hash: events.at(-1)!.hash };
    const revision = {
      v: 1,
      seq: head.seq + 1,
      id: 'rev-1',
      at: '2021-06-01T01:00:00.000Z',
      actor: { name: 'Nguyễn Văn An', unit: 'Sở Nội vụ' },
      prev: head.hash,
      type: 'plan.revised',
      data: { document: { kind: 'Kế hoạch', number: '120/KH-UBND', date: '2021-05-30' }, withdrawn: [{ item: 'I.1' }] },
    };
    const sealed = { ...revision, hash: computeHash(revision as unknown as LedgerEvent) };
    const ledger = await Ledger.open(new RecordsStore(records([...events.map(copy), sealed])));
    expect(ledger.head).toEqual({ seq: head.seq + 1, hash: sealed.hash });
    expect(ledger.state.items['I.1']!.withdrawn?.by.id).toBe('rev-1');
  });

  it('keeps what it checked as its state: the same as a ledger that recorded the events itself', async () => {
    const store = new MemoryStore();
    await store.append(events, EMPTY_HEAD);
    const opened = await Ledger.open(store);
    expect(opened.head).toEqual({ seq: 30, hash: events[29]!.hash });
    expect(opened.state.count).toBe(30);
    const reopened = await Ledger.open(new RecordsStore(records(events.map(copy))));
    expect(reopened.state).toEqual(opened.state);
  });
});
