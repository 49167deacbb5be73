import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../ledger/events.ts';
import { computeHash, seal } from '../../ledger/seal.ts';
import type { RawEvent } from '../../ledger/store.ts';
import { replay } from '../../ledger/replay.ts';
import { parseAnchor, verify } from '../../ledger/verify.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import { sampleEvents } from '../stores/sample-events.ts';

/** Events as a store would return them: parsed JSON lines, each with its line number. */
const records = (values: readonly unknown[]): RawEvent[] =>
  values.map((v, i) => ({ value: JSON.parse(JSON.stringify(v)), where: { file: 'so.ndjson', line: i + 1 } }));

const copy = (e: LedgerEvent): Record<string, unknown> => JSON.parse(JSON.stringify(e));

/** Re-seals a changed event and every one after it, so only the intended problem remains. */
function rechain(events: Array<Record<string, unknown>>, from = 0): Array<Record<string, unknown>> {
  const out = events.map((e) => ({ ...e }));
  for (let i = Math.max(from, 0); i < out.length; i++) {
    const { hash: _old, ...body } = out[i]!;
    if (i > 0) body.prev = out[i - 1]!.hash;
    out[i] = seal(body as Omit<LedgerEvent, 'hash'>) as unknown as Record<string, unknown>;
  }
  return out;
}

const events = sampleEvents(40, { items: 30 });
const head = { seq: 40, hash: events[39]!.hash };

describe('verify', () => {
  it('answers ok with the count and head for an intact chain, with and without the rules', async () => {
    expect(await verify(records(events))).toEqual({ ok: true, count: 40, head, format: 1 });
    expect(await verify(records(events), { rules: false })).toEqual({ ok: true, count: 40, head, format: 1 });
    expect(await verify([])).toEqual({ ok: true, count: 0, head: { seq: 0, hash: '0'.repeat(64) }, format: null });
  });

  it('reads a stream lazily, as stores give it', async () => {
    async function* stream() {
      for (const r of records(events)) yield r;
    }
    expect(await verify(stream())).toEqual({ ok: true, count: 40, head, format: 1 });
  });

  it('reports an unreadable record as a parse problem at its position', async () => {
    const input = records(events.slice(0, 5));
    input.splice(3, 0, { parseError: 'Unexpected end of JSON input', where: { file: 'so.ndjson', line: 4, byte: 999 } });
    expect(await verify(input)).toMatchObject({
      ok: false,
      code: 'parse',
      seq: 4,
      where: { file: 'so.ndjson', line: 4, byte: 999 },
      countBeforeProblem: 3,
    });
  });

  it('refuses an unknown format version before looking at the schema', async () => {
    const bad = events.map(copy);
    bad[6] = { ...bad[6]!, v: 3, extra: 'a field no version has' };
    const result = await verify(records(bad));
    expect(result).toMatchObject({ ok: false, code: 'version', seq: 7, countBeforeProblem: 6, where: { line: 7 } });
    expect(!result.ok && result.message_vi).toContain('phiên bản');
  });

  it('names the field of a schema problem', async () => {
    const bad = events.map(copy);
    const target = bad.findIndex((e) => e.type === 'status.changed');
    bad[target] = { ...bad[target]!, data: { ...(bad[target]!.data as object), status: 'xong' } };
    const result = await verify(records(rechain(bad, target)));
    expect(result).toMatchObject({ ok: false, code: 'schema', seq: target + 1, field: 'data.status', countBeforeProblem: target });
  });

  it('finds a removed event (sequence)', async () => {
    const result = await verify(records([...events.slice(0, 9), ...events.slice(10)]));
    expect(result).toMatchObject({ ok: false, code: 'sequence', seq: 11, countBeforeProblem: 9, where: { line: 10 } });
    expect(!result.ok && result.message_en).toContain('expected 10');
  });

  it('finds an event re-linked to something else (link)', async () => {
    const bad = events.map(copy);
    bad[12] = { ...bad[12]!, prev: 'ab'.repeat(32) };
    const result = await verify(records(rechain(bad, 12).map((e, i) => (i === 12 ? { ...e, prev: 'ab'.repeat(32) } : e))));
    expect(result).toMatchObject({ ok: false, code: 'link', seq: 13, countBeforeProblem: 12 });
  });

  it('finds an event edited after sealing (hash)', async () => {
    const bad = events.map(copy);
    const target = bad.findIndex((e, i) => i > 20 && e.type === 'progress.noted');
    bad[target] = { ...bad[target]!, data: { ...(bad[target]!.data as object), percent: 100 } };
    expect(await verify(records(bad))).toMatchObject({ ok: false, code: 'hash', seq: target + 1, countBeforeProblem: target });
  });

  it('hashes the value as stored, not as the schema would fill or normalise it', async () => {
    // A revision stored without its optional lists (the schema defaults them to []) and text in NFD:
    // sealed over exactly those bytes, so it is intact; re-normalising would call it tampered.
    const revision = {
      v: 1,
      seq: 41,
      id: 'rev-1',
      at: '2021-06-01T01:00:00.000Z',
      actor: { name: 'Nguye\u0302\u0303n Va\u0306n An', unit: 'Sở Nội vụ' },
      prev: head.hash,
      type: 'plan.revised',
      data: { document: { kind: 'Kế hoạch', number: '120/KH-UBND', date: '2021-05-30' }, withdrawn: [{ item: 'I.1', reason: 'Không còn phù hợp' }] },
    };
    const sealed = { ...revision, hash: computeHash(revision as unknown as LedgerEvent) };
    expect(await verify(records([...events, sealed]))).toEqual({ ok: true, count: 41, head: { seq: 41, hash: sealed.hash }, format: 1 });
  });

  it('reports an event that cannot be hashed (a lone surrogate) as a hash problem', async () => {
    const bad = events.map(copy);
    const target = bad.findIndex((e, i) => i > 5 && e.type === 'progress.noted');
    bad[target] = { ...bad[target]!, data: { ...(bad[target]!.data as object), note: 'half a pair \ud83d' } };
    const result = await verify(records(bad));
    expect(result).toMatchObject({ ok: false, code: 'hash', seq: target + 1 });
    expect(!result.ok && result.message_en).toContain('lone UTF-16 surrogate');
  });

  it('finds a clock that runs backwards', async () => {
    const bad = events.map(copy);
    bad[15] = { ...bad[15]!, at: '2020-12-31T00:00:00.000Z' };
    const result = await verify(records(rechain(bad, 15)), { rules: false });
    expect(result).toMatchObject({ ok: false, code: 'clock', seq: 16, countBeforeProblem: 15 });
  });

  it('finds a reused id, with the rules on and off', async () => {
    const bad = events.map(copy);
    bad[20] = { ...bad[20]!, id: bad[3]!.id };
    const chain = rechain(bad, 20);
    expect(await verify(records(chain))).toMatchObject({ ok: false, code: 'duplicate-id', seq: 21, countBeforeProblem: 20 });
    expect(await verify(records(chain), { rules: false })).toMatchObject({ ok: false, code: 'duplicate-id', seq: 21 });
  });

  it('does not take an id such as "constructor" for a duplicate', async () => {
    const bad = events.map(copy);
    bad[5] = { ...bad[5]!, id: 'constructor' };
    expect(await verify(records(rechain(bad, 5)), { rules: false })).toMatchObject({ ok: true, count: 40 });
    expect(await verify(records(rechain(bad, 5)))).toMatchObject({ ok: true, count: 40 });
  });

  it('applies the ledger rules, and can leave them out', async () => {
    // A status change to the status the item already has: a well-formed, well-chained event the rules refuse.
    const bad = events.map(copy);
    const target = bad.findIndex((e, i) => i > 10 && e.type === 'status.changed');
    const data = bad[target]!.data as { item: string; status: string };
    const before = [...bad.slice(0, target)].reverse().find((e) => e.type === 'status.changed' && (e.data as { item: string }).item === data.item);
    const same = before ? (before.data as { status: string }).status : 'not_started';
    bad[target] = { ...bad[target]!, data: { ...data, status: same } };
    const chain = rechain(bad, target).slice(0, target + 1);
    const result = await verify(records(chain));
    expect(result).toMatchObject({ ok: false, code: 'rule', rule: 'transition', seq: target + 1, countBeforeProblem: target });
    expect(!result.ok && result.message_vi).toContain(data.item);
    expect(await verify(records(chain), { rules: false })).toMatchObject({ ok: true, count: target + 1 });
  });

  describe('against an issued report anchor', () => {
    it('accepts the ledger that reaches it unchanged, and any later growth', async () => {
      expect(await verify(records(events), { anchor: { seq: 25, hash: events[24]!.hash } })).toEqual({ ok: true, count: 40, head, format: 1 });
      expect(await verify(records(events), { anchor: head })).toMatchObject({ ok: true });
    });

    it('detects truncation: the ledger ends before the anchor', async () => {
      const result = await verify(records(events.slice(0, 30)), { anchor: { seq: 35, hash: events[34]!.hash } });
      expect(result).toMatchObject({ ok: false, code: 'anchor', seq: 35, where: {}, countBeforeProblem: 30 });
      expect(!result.ok && result.message_en).toContain('truncated');
    });

    it('detects re-chaining: a consistent chain that differs at the anchor', async () => {
      // Someone rewrote event 20 and re-sealed everything after it: every link holds, only the anchor tells.
      const bad = events.map(copy);
      bad[19] = { ...bad[19]!, actor: { name: 'Người khác', unit: 'Sở Nội vụ' } };
      const rewritten = rechain(bad, 19);
      expect(await verify(records(rewritten))).toMatchObject({ ok: true, count: 40 });
      const result = await verify(records(rewritten), { anchor: { seq: 30, hash: events[29]!.hash } });
      expect(result).toMatchObject({ ok: false, code: 'anchor', seq: 30, countBeforeProblem: 29, where: { line: 30 } });
    });
  });
});

describe('parseAnchor', () => {
  it('reads SEQ:HASH as printed on a report', () => {
    const hash = 'AB'.repeat(32);
    expect(parseAnchor(`120:${hash}`)).toEqual({ seq: 120, hash: hash.toLowerCase() });
    expect(parseAnchor(` 7 : ${'0f'.repeat(32)} `)).toEqual({ seq: 7, hash: '0f'.repeat(32) });
  });

  it('refuses anything else', () => {
    for (const text of ['', '120', `120:${'a'.repeat(63)}`, `x:${'a'.repeat(64)}`, `0:${'a'.repeat(64)}`, `-1:${'a'.repeat(64)}`, `12:${'g'.repeat(64)}`]) {
      expect(parseAnchor(text)).toBeNull();
    }
  });
});

describe('verifyAndReplay', () => {
  const options = { validAt: '2021-06-30', knownAt: '2021-12-31T00:00:00.000Z' };

  it('gives what verify gives and the state replay gives, in one pass', async () => {
    const { verification, state } = await verifyAndReplay(records(events), options);
    expect(verification).toEqual(await verify(records(events)));
    expect(state).toEqual(replay(events, options));
    expect(state.count).toBe(40);
  });

  it('on a broken chain, the state of the intact events before the problem', async () => {
    const bad = events.map(copy);
    bad[25] = { ...bad[25]!, actor: { name: 'Người khác', unit: 'Sở Nội vụ' } };
    const { verification, state } = await verifyAndReplay(records(bad), options);
    expect(verification).toMatchObject({ ok: false, code: 'hash', seq: 26, countBeforeProblem: 25 });
    expect(state).toEqual(replay(events.slice(0, 25), options));
  });

  it('known at a moment: the events recorded by then, the rest still checked', async () => {
    const knownAt = events[14]!.at;
    const { verification, state } = await verifyAndReplay(records(events), { ...options, knownAt });
    expect(verification).toMatchObject({ ok: true, count: 40 });
    expect(state.count).toBe(15);
    expect(state).toEqual(replay(events, { ...options, knownAt }));
    const bad = events.map(copy);
    bad[30] = { ...bad[30]!, prev: 'ab'.repeat(32) };
    expect((await verifyAndReplay(records(bad), { ...options, knownAt })).verification).toMatchObject({ ok: false, code: 'link', seq: 31 });
  });
});
