// A hostile log (a test double that misbehaves on purpose) against the checks a client and a
// witness run (ledger/tlog/checkpoint-witness.ts): every misbehaviour, in many random shapes, must
// be refused with evidence that names both checkpoints; an honest log must be accepted throughout.
import { hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { signerOfSeed } from '../../cli/key-file.ts';
import { signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { CheckpointWitness, type Evidence } from '../../ledger/tlog/checkpoint-witness.ts';
import { logLeafHash, type LogLeaf } from '../../ledger/tlog/log-leaf.ts';
import { consistencyProof, inclusionProof, treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { ed25519NoteSigner, ed25519NoteVerifier, openNote } from '../../ledger/tlog/signed-note.ts';

const ORIGIN = 'cchc.example/tinh-01/log';
const seed = (label: string) => new TextEncoder().encode(label.padEnd(32, '.')).slice(0, 32);
const logSigner = signerOfSeed(seed('province log key'));
const otherSigner = signerOfSeed(seed('someone else'));
const logKey = ed25519NoteVerifier(ORIGIN, hexToBytes(logSigner.publicKey));

const event = (i: number, note = ''): LogLeaf => ({ planId: `plan-${i % 3}`, seq: Math.floor(i / 3) + 1, line: JSON.stringify({ i, note }) });
const events = (n: number) => Array.from({ length: n }, (_, i) => event(i));

/** One view of the log: its events, its tree, checkpoints signed by a given key, proofs from its own tree. */
class View {
  readonly tree = new MemoryTree();
  constructor(
    readonly leaves: LogLeaf[],
    private readonly signer = logSigner,
  ) {
    for (const leaf of leaves) this.tree.append(logLeafHash(leaf));
  }
  async checkpoint(size = this.leaves.length): Promise<string> {
    return signCheckpoint({ origin: ORIGIN, size, root: await treeHead(size, this.tree.source), extensions: [] }, [ed25519NoteSigner(ORIGIN, this.signer)]);
  }
  readonly proof = (from: number, to: number) => consistencyProof(from, Math.min(to, this.leaves.length), this.tree.source);
}

type Kind = 'changed' | 'deleted' | 'reordered' | 'other-key' | 'goes-back' | 'split-view' | 'same-size-fork';
const tally = new Map<string, { tried: number; detected: number }>();
function count(kind: Kind | 'honest', role: 'client' | 'witness', detected: boolean): void {
  const key = `${kind} (${role})`;
  const entry = tally.get(key) ?? { tried: 0, detected: 0 };
  entry.tried++;
  if (detected) entry.detected++;
  tally.set(key, entry);
}
afterAll(() => {
  // The figure the README quotes.
  for (const [key, { tried, detected }] of tally) console.log(`hostile log: ${key}: ${detected}/${tried} detected`);
});

function expectEvidence(evidence: Evidence, previous: string, offered: string): void {
  expect(evidence.previous).toBe(previous);
  expect(evidence.offered).toBe(offered);
  // Both checkpoints in the evidence verify offline with the log's key: an inspector can check them.
  expect(openNote(evidence.previous!, [logKey]).verified).toHaveLength(1);
  expect(evidence.messageVi).not.toBe('');
}

/** A client and a witness that both accepted the honest checkpoint at `seen`, then are shown `offered`. */
async function bothRefuse(kind: Kind, seen: View, seenSize: number, offered: string, liar: View): Promise<void> {
  const previous = await seen.checkpoint(seenSize);
  for (const role of ['client', 'witness'] as const) {
    const checker = new CheckpointWitness(ORIGIN, logKey);
    expect((await checker.observe(previous, seen.proof)).accepted).toBe(true);
    const result = await checker.observe(offered, liar.proof);
    count(kind, role, !result.accepted);
    expect(result.accepted, `${kind} (${role}) went unnoticed`).toBe(false);
    if (!result.accepted) expectEvidence(result.evidence, previous, offered);
    expect(checker.remembered).toBe(previous); // the refused checkpoint is not taken as the new one
  }
}

const shape = fc.record({ seen: fc.integer({ min: 1, max: 60 }), grow: fc.integer({ min: 0, max: 40 }), at: fc.nat(), other: fc.nat() });

describe('a hostile log against a client and a witness', () => {
  it('an honest log growing is accepted at every step (the control: the checks can say yes)', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ seen, grow }) => {
        const honest = new View(events(seen + grow));
        for (const role of ['client', 'witness'] as const) {
          const checker = new CheckpointWitness(ORIGIN, logKey);
          await checker.observe(await honest.checkpoint(seen), honest.proof);
          const result = await checker.observe(await honest.checkpoint(), honest.proof);
          count('honest', role, !result.accepted);
          expect(result.accepted).toBe(true);
          // ...and each event the client holds is proven in the new checkpoint.
          const i = (seen * 7) % (seen + grow);
          expect(checker.checkInclusion(honest.leaves[i]!, i, await inclusionProof(i, seen + grow, honest.tree.source))).toBeNull();
        }
      }),
      { numRuns: 30 },
    );
  });

  it('an event changed, deleted or reordered after a checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ seen, grow, at, other }) => {
        const all = events(seen + grow + 1);
        const honest = new View(all);
        const k = at % seen;
        const changed = new View(all.map((e, i) => (i === k ? { ...e, line: e.line.replace('""', '"edited"') } : e)));
        await bothRefuse('changed', honest, seen, await changed.checkpoint(), changed);
        const deleted = new View(all.filter((_, i) => i !== k));
        await bothRefuse('deleted', honest, seen, await deleted.checkpoint(), deleted);
        const j = (k + 1 + (other % (all.length - 1))) % all.length; // any other event, before or after
        const swapped = all.map((e, i) => (i === k ? all[j]! : i === j ? all[k]! : e));
        const reordered = new View(swapped);
        await bothRefuse('reordered', honest, seen, await reordered.checkpoint(), reordered);
        // The client's own copy of the changed event is not in the rewritten tree either.
        const checker = new CheckpointWitness(ORIGIN, logKey, await changed.checkpoint());
        expect(checker.checkInclusion(all[k]!, k, await inclusionProof(k, all.length, changed.tree.source))?.code).toBe('not-included');
      }),
      { numRuns: 40 },
    );
  });

  it('a checkpoint signed with another key, and one that goes back', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ seen, grow, at }) => {
        const honest = new View(events(seen + grow + 1));
        const impostor = new View(honest.leaves, otherSigner);
        await bothRefuse('other-key', honest, seen, await impostor.checkpoint(), impostor);
        const back = at % seen; // a smaller tree than the one already seen, honestly signed at the time
        await bothRefuse('goes-back', honest, seen, await honest.checkpoint(back), honest);
      }),
      { numRuns: 40 },
    );
  });

  it('a split view: two agencies shown different logs, found when one sees the other\'s checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(shape, async ({ seen, grow, at, other }) => {
        const common = events(seen);
        const forkAt = at % (seen + 1);
        // Agency A is shown one history; agency B another that differs from position forkAt on.
        const viewA = new View([...common, ...events(grow + 1).map((_, i) => event(seen + i, 'A'))]);
        const viewB = new View([...common.slice(0, forkAt), ...events(seen + grow + 1 - forkAt).map((_, i) => event(forkAt + i, 'B'))]);
        // The witness (or agency A) holds A's checkpoint; B's checkpoint reaches it by gossip.
        // The log answers with proofs from whichever view it likes: try both.
        for (const liar of [viewA, viewB]) await bothRefuse('split-view', viewA, viewA.leaves.length, await viewB.checkpoint(), liar);
        // One size, two roots.
        const size = Math.max(forkAt + 1, Math.min(viewA.leaves.length, viewB.leaves.length) - (other % 2));
        await bothRefuse('same-size-fork', viewA, size, await viewB.checkpoint(size), viewB);
      }),
      { numRuns: 40 },
    );
  });

  it('every case of every kind was detected by both the client and the witness', () => {
    const hostile = [...tally].filter(([key]) => !key.startsWith('honest'));
    expect(hostile.length).toBe(7 * 2);
    for (const [key, { tried, detected }] of hostile) expect(detected, key).toBe(tried);
    for (const [key, { detected }] of tally) if (key.startsWith('honest')) expect(detected, key).toBe(0);
  });
});
