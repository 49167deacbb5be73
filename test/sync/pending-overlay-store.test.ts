import { describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { Ledger } from '../../ledger/ledger.ts';
import type { PendingEvent } from '../../ledger/signed-content.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { PendingOverlayStore } from '../../ledger/stores/pending-overlay-store.ts';
import { verify } from '../../ledger/verify.ts';
import { ALICE, importDraft } from '../support/sample-plan.ts';

const alice = signerOfSeed(new Uint8Array(32).fill(7));
const clock = () => new Date('2021-03-01T02:00:00.000Z');

/** A signed copy as a clone holds it: the plan imported by Alice, its first administrator. */
async function copyWithPlan(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const ledger = await Ledger.open(store, { signer: alice, clock });
  await ledger.append(importDraft());
  return store;
}

async function linesOf(store: MemoryStore): Promise<string[]> {
  const lines: string[] = [];
  for await (const raw of store.read()) lines.push((raw as { line: string }).line);
  return lines;
}

const done = (item: string, effective = '2021-02-20') => ({ type: 'status.changed' as const, actor: ALICE, data: { item, status: 'done' as const, effective } });

describe('PendingOverlayStore: recording on a copy only its service writes', () => {
  it('hands what the ledger appends to `keep`, without its place, and never writes the copy', async () => {
    const copy = await copyWithPlan();
    const before = await linesOf(copy);
    const overlay = new PendingOverlayStore(copy, await copy.head());
    const kept: PendingEvent[] = [];
    overlay.keepNewEventsWith(async (events) => void kept.push(...events));
    const ledger = await Ledger.open(overlay, { signer: alice, clock });
    const [event] = await ledger.append(done('I.1'));

    expect(await linesOf(copy)).toEqual(before);
    expect(kept).toHaveLength(1);
    expect(kept[0]).not.toHaveProperty('seq');
    expect(kept[0]).not.toHaveProperty('prev');
    expect(kept[0]).not.toHaveProperty('hash');
    expect(kept[0]!.id).toBe(event!.id);
    expect(kept[0]!.sig?.key).toBe(alice.fingerprint);
  });

  it('checks a new draft against the copy and the earlier pending events, placed again through the same rules', async () => {
    const copy = await copyWithPlan();
    const first = new PendingOverlayStore(copy, await copy.head());
    const kept: PendingEvent[] = [];
    first.keepNewEventsWith(async (events) => void kept.push(...events));
    await (await Ledger.open(first, { signer: alice, clock })).append(done('I.1'));

    // A later command: the copy, then the pending event placed again before anything new is drafted.
    const again = new PendingOverlayStore(copy, await copy.head());
    const ledger = await Ledger.open(again, { signer: alice, clock });
    await ledger.appendSigned(kept);
    const written: PendingEvent[] = [];
    again.keepNewEventsWith(async (events) => void written.push(...events));
    const refused = await ledger.append(done('I.1')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LedgerError);
    expect((refused as LedgerError).code).toBe('transition');
    expect(written).toEqual([]);
    // Without the pending event the same draft passes: it was the pending event that refused it.
    const bare = await Ledger.open(new PendingOverlayStore(copy, await copy.head()), { signer: alice, clock });
    await expect(bare.append(done('I.1'))).resolves.toHaveLength(1);
  });

  it('a failed `keep` (a full disk) leaves the overlay and the ledger where they were', async () => {
    const copy = await copyWithPlan();
    const overlay = new PendingOverlayStore(copy, await copy.head());
    overlay.keepNewEventsWith(async () => {
      throw new Error('ENOSPC');
    });
    const ledger = await Ledger.open(overlay, { signer: alice, clock });
    const head = ledger.head;
    await expect(ledger.append(done('I.1'))).rejects.toThrow('ENOSPC');
    expect(ledger.head).toEqual(head);
    expect(await overlay.head()).toEqual(head);
  });

  it('the pending events, placed by another writer after events of its own, verify as one chain', async () => {
    const copy = await copyWithPlan();
    const overlay = new PendingOverlayStore(copy, await copy.head());
    const kept: PendingEvent[] = [];
    overlay.keepNewEventsWith(async (events) => void kept.push(...events));
    await (await Ledger.open(overlay, { signer: alice, clock })).append(done('I.1'));

    // The service's copy moved on meanwhile: the pending event is rebased, its signature still holds.
    const service = await Ledger.open(copy, { signer: alice, clock });
    await service.append(done('I.2'));
    const [placed] = await service.appendSigned(kept);
    expect(placed!.seq).toBe(4);
    const result = await verify(copy.read());
    expect(result.ok).toBe(true);
  });
});
