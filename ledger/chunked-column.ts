type Chunk = Int32Array | Float64Array | Uint8Array;

const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK_ROWS - 1;

/**
 * A column of a fixed number of values a row (an event), in typed arrays of 65,536 rows each (the
 * first grows to that size from 1,024): past the first, it grows by a chunk, never by copying into
 * an array twice the size, which left the old array as garbage outside the heap until a full
 * collection (tens of megabytes at a million events).
 */
export class ChunkedColumn<T extends Chunk> {
  readonly #make: (size: number) => T;
  /** Values a row: 1 for a number, 16 for an id's bytes, 32 for a hash. */
  readonly width: number;
  readonly #chunks: T[] = [];

  constructor(make: (size: number) => T, width = 1) {
    this.#make = make;
    this.width = width;
  }

  get(row: number): number {
    return this.#chunks[row >>> CHUNK_BITS]![row & IN_CHUNK]!;
  }

  set(row: number, value: number): void {
    this.chunkOf(row)[row & IN_CHUNK] = value;
  }

  /** The chunk that holds `row` (made if need be); the row's values start at `offsetOf(row)` in it. */
  chunkOf(row: number): T {
    const index = row >>> CHUNK_BITS;
    const chunks = this.#chunks;
    if (index < chunks.length && (index > 0 || row * this.width < chunks[0]!.length)) return chunks[index]!;
    // The first chunk starts small and doubles to its full size, for the many short ledgers.
    const first = chunks[0];
    const full = CHUNK_ROWS * this.width;
    if (first === undefined || first.length < full) {
      const bigger = this.#make(Math.min(full, Math.max(1024 * this.width, (first?.length ?? 0) * 2, index > 0 ? full : 0)));
      if (first) bigger.set(first);
      chunks[0] = bigger;
      return this.chunkOf(row);
    }
    while (chunks.length <= index) chunks.push(this.#make(full));
    return chunks[index]!;
  }

  offsetOf(row: number): number {
    return (row & IN_CHUNK) * this.width;
  }

  /** A column of its own with the same values. */
  copy(): ChunkedColumn<T> {
    const copy = new ChunkedColumn(this.#make, this.width);
    for (const chunk of this.#chunks) copy.#chunks.push(chunk.slice() as T);
    return copy;
  }
}
