import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#digest';
import { HeadHashes } from '../../ledger/head-hashes.ts';

const hashOf = (seq: number) => sha256Hex(`head ${seq}`);
/** The same hash with one hex digit changed, at `digit`. */
const oneDigitOff = (hash: string, digit: number) => hash.slice(0, digit) + (hash[digit] === '0' ? '1' : '0') + hash.slice(digit + 1);

describe('HeadHashes', () => {
  // Past 65,536 heads the oldest are kept as keyed tags, the latest whole: both ways are asked here.
  const count = (1 << 16) + 3_000;
  const heads = new HeadHashes();
  for (let seq = 1; seq <= count; seq++) heads.push(hashOf(seq));

  it('knows every head it was given, the oldest (kept as tags) and the latest (kept whole)', () => {
    const asked = [1, 2, 1_000, 2_999, 3_000, 3_001, 40_000, count - 1, count];
    expect(asked.map((seq) => heads.has(seq, hashOf(seq)))).toEqual(asked.map(() => true));
    let missed = 0;
    for (let seq = 1; seq <= count; seq += 7) if (!heads.has(seq, hashOf(seq))) missed++;
    expect(missed).toBe(0);
  });

  it('refuses a hash a digit off, another head\'s hash, and one in capitals, both ways', () => {
    for (const seq of [1, 2_500, 3_001, count]) {
      for (const digit of [0, 15, 16, 63]) expect(heads.has(seq, oneDigitOff(hashOf(seq), digit))).toBe(false);
      expect(heads.has(seq, hashOf(seq + 1))).toBe(false);
      expect(heads.has(seq, hashOf(seq).toUpperCase())).toBe(false);
      expect(heads.has(seq, `${hashOf(seq)}0`)).toBe(false);
      expect(heads.has(seq, hashOf(seq).slice(0, 63))).toBe(false);
    }
  });

  it('refuses a head it never had', () => {
    expect([0, -1, count + 1, 1.5, Number.NaN].map((seq) => heads.has(seq, hashOf(1)))).toEqual([false, false, false, false, false]);
  });

  it('another set, with a key of its own, knows its own old heads and no other hash', () => {
    const other = new HeadHashes();
    for (let seq = 1; seq <= (1 << 16) + 2; seq++) other.push(hashOf(seq));
    expect([other.has(1, hashOf(1)), other.has(2, hashOf(2)), other.has(2, hashOf(1))]).toEqual([true, true, false]);
  });
});
