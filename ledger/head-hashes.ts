import { ChunkedColumn } from './chunked-column.ts';
import { hexDigit } from './hex-digit.ts';

/** Heads kept whole: every head of a ledger this long (a whole province's year is far shorter) is checked byte for byte. */
const KEPT_WHOLE = 1 << 16;
/** The prime 2^31 - 1: a word (< 2^16) times a key (< 2^31), summed 16 times, stays below 2^51, exact in a double. */
const PRIME = 0x7fffffff;
/** A hash's 32 bytes as 16-bit words, each multiplied by a key of its own. */
const WORDS = 16;

/**
 * The hashes of every head a chain has had, for a later event that names one (report.issued). The
 * latest 65,536 are kept whole, 32 bytes each. An older one is kept as a 64-bit tag, so that a
 * million events cost 10 MB, not 32: two inner products of its 16-bit words with keys drawn at
 * random for this check, modulo a prime (Carter and Wegman's universal hashing). For any two
 * different hashes, the chance over the keys that their tags agree is exactly 1/(2^31 - 1) for each
 * product; and nobody who wrote or changed the ledger can see the keys. So a named head that is not
 * the chain's passes by a chance of about 2^-62, whatever work went into choosing it (README, Format).
 * It is a comparison under a secret, not a digest: nothing outside this check ever sees a tag.
 */
export class HeadHashes {
  readonly #keys = drawKeys(2 * WORDS);
  /** seq - 1 modulo KEPT_WHOLE -> the hash's 32 bytes. */
  readonly #whole = new ChunkedColumn((size) => new Uint8Array(size), 32);
  /** seq - 1 -> the tag's two products, written when the head leaves #whole. */
  readonly #tags = new ChunkedColumn((size) => new Int32Array(size), 2);
  readonly #words = new Float64Array(WORDS);
  #count = 0;

  /** Keeps the hash of the next head (seq 1, 2, 3 … in order): 64 lowercase hex digits, as the chain checked it. */
  push(hash: string): void {
    const row = this.#count++ & (KEPT_WHOLE - 1);
    const bytes = this.#whole.chunkOf(row);
    const at = this.#whole.offsetOf(row);
    if (this.#count > KEPT_WHOLE) {
      const words = this.#words;
      for (let i = 0; i < WORDS; i++) words[i] = (bytes[at + 2 * i]! << 8) | bytes[at + 2 * i + 1]!;
      const leaving = this.#count - KEPT_WHOLE - 1;
      const tags = this.#tags.chunkOf(leaving);
      const tagAt = this.#tags.offsetOf(leaving);
      tags[tagAt] = this.#product(0);
      tags[tagAt + 1] = this.#product(WORDS);
    }
    for (let i = 0; i < 32; i++) bytes[at + i] = byteOf(hash, i);
  }

  /** Whether the head at `seq` (1 to the heads kept) had `hash`. */
  has(seq: number, hash: string): boolean {
    if (!Number.isInteger(seq) || seq < 1 || seq > this.#count || !/^[0-9a-f]{64}$/.test(hash)) return false;
    if (seq > this.#count - KEPT_WHOLE) {
      const row = (seq - 1) & (KEPT_WHOLE - 1);
      const bytes = this.#whole.chunkOf(row);
      const at = this.#whole.offsetOf(row);
      for (let i = 0; i < 32; i++) {
        if (bytes[at + i] !== byteOf(hash, i)) return false;
      }
      return true;
    }
    const words = this.#words;
    for (let i = 0; i < WORDS; i++) {
      let word = 0;
      for (let j = 4 * i; j < 4 * i + 4; j++) word = (word << 4) | hexDigit(hash.charCodeAt(j));
      words[i] = word;
    }
    const tags = this.#tags.chunkOf(seq - 1);
    const at = this.#tags.offsetOf(seq - 1);
    return tags[at] === this.#product(0) && tags[at + 1] === this.#product(WORDS);
  }

  /** The words (#words) times the keys from `from`, modulo the prime. */
  #product(from: number): number {
    const keys = this.#keys;
    const words = this.#words;
    let sum = 0;
    for (let i = 0; i < WORDS; i++) sum += keys[from + i]! * words[i]!;
    return sum % PRIME;
  }
}

/** Byte `i` of a hash written in 64 lowercase hex digits. */
function byteOf(hash: string, i: number): number {
  return (hexDigit(hash.charCodeAt(2 * i)) << 4) | hexDigit(hash.charCodeAt(2 * i + 1));
}

/** `count` keys, each uniform in 0 … PRIME - 1 (31 random bits, the one value out of range drawn again). */
function drawKeys(count: number): Float64Array {
  const keys = new Float64Array(count);
  const random = new Uint32Array(1);
  for (let i = 0; i < count; i++) {
    do globalThis.crypto.getRandomValues(random);
    while ((random[0]! & PRIME) === PRIME);
    keys[i] = random[0]! & PRIME;
  }
  return keys;
}
