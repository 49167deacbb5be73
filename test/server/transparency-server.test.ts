import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { verifyConsistency } from '../../ledger/tlog/verify-proof.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { signNewCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import { consistencyAnswer } from '../../server/transparency/log-proofs.ts';
import { createPlan } from './support/plan-fixture.ts';
import { createTestDatabase, useTestDatabase } from './support/test-database.ts';
import { appendEvents, describeTransparencyLog, logKey, ORIGIN, verifier } from './transparency-behaviour.ts';

const testDatabase = useTestDatabase();

describeTransparencyLog('PostgreSQL server', () => openDatabase(testDatabase.url));

describe('the transparency log with two service processes on one database', () => {
  it('they sign in turn while events arrive: one checkpoint per size, every one consistent with the others', async () => {
    const database = await createTestDatabase();
    const [a, b] = [await openDatabase(database.url), await openDatabase(database.url)];
    try {
      await createPlan(a, 'plan-two');
      const signed = [];
      for (let round = 0; round < 15; round++) {
        await appendEvents(round % 2 ? a : b, 'plan-two', 1 + (round % 4));
        signed.push(...(await Promise.all([signNewCheckpoint(a, logKey), signNewCheckpoint(b, logKey), signNewCheckpoint(a, logKey)])));
      }
      const made = signed.filter((c) => c !== null);
      const sizes = made.map((c) => c.size);
      expect(new Set(sizes).size).toBe(sizes.length); // never two checkpoints of one size
      expect(Math.max(...sizes)).toBe([...Array(15).keys()].reduce((sum, round) => sum + 1 + (round % 4), 0));
      for (const older of made) {
        for (const newer of made.filter((c) => c.size > older.size)) {
          const [o, n] = [openCheckpoint(older.note, ORIGIN, verifier).checkpoint, openCheckpoint(newer.note, ORIGIN, verifier).checkpoint];
          expect(verifyConsistency(o.size, n.size, o.root, n.root, await consistencyAnswer(a, o.size, n.size))).toBe(true);
        }
      }
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});
