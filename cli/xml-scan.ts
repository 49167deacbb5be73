/**
 * Counts, in one pass over a sheet's XML as it is inflated (chunk by chunk, nothing kept), what
 * makes a spreadsheet library's memory grow: rows, cells, the longest text or tag, and the text a
 * sheet's cells point to in the shared strings (many cells may point to one long string). It is a
 * tally, not a parser: good enough to refuse a hostile file before the library builds it.
 */
export interface XmlOverrun {
  kind: 'text' | 'tag';
  /** Byte offset in the part where the long text or tag starts. */
  at: number;
  /** The last cell reference seen before it ("B7"), when the part is a sheet. */
  cell: string | null;
}

const LT = 0x3c;
const GT = 0x3e;
const enum State {
  Text,
  Name,
  CellAttributes,
  Tag,
}

export class XmlScan {
  rows = 0;
  cells = 0;
  /** The first text run or tag longer than the limit; scanning stops counting once found. */
  overrun: XmlOverrun | null = null;
  /** In the shared strings: each string's length in bytes of XML text (at least its length in characters). */
  readonly stringBytes: number[] = [];
  /** In a sheet: the bytes of text its shared-string cells point to, counted once per cell. */
  sharedTextBytes = 0;

  #state = State.Text;
  #offset = 0;
  #runStart = 0;
  #name = '';
  #attributes: number[] = [];
  #lastCell: string | null = null;
  #sharedCell = false;
  #index: number | null = null;

  /** `strings`: the shared strings' lengths, for a sheet whose cells point into them. */
  constructor(
    private readonly maxRunBytes: number,
    private readonly strings: readonly number[] = [],
  ) {}

  push(chunk: Uint8Array): void {
    if (this.overrun) return;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      const at = this.#offset + i;
      switch (this.#state) {
        case State.Text:
          if (b === LT) {
            if (this.#index !== null) this.sharedTextBytes += this.strings[this.#index] ?? 0;
            this.#index = null;
            this.#state = State.Name;
            this.#name = '';
            this.#runStart = at;
          } else if (at - this.#runStart > this.maxRunBytes) return this.#over('text');
          else {
            if (this.stringBytes.length > 0) this.stringBytes[this.stringBytes.length - 1]! += 1;
            if (this.#index !== null) this.#index = b >= 0x30 && b <= 0x39 && this.#index < 1e9 ? this.#index * 10 + (b - 0x30) : this.#index;
          }
          break;
        case State.Name:
          if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === GT || b === 0x2f) {
            if (this.#name === 'row') this.rows++;
            if (this.#name === 'si') this.stringBytes.push(0);
            if (this.#name === 'v' && b === GT && this.#sharedCell) this.#index = 0;
            if (this.#name === 'c') {
              this.cells++;
              this.#attributes = [];
              this.#sharedCell = false;
              this.#state = b === GT ? State.Text : State.CellAttributes;
            } else this.#state = b === GT ? State.Text : State.Tag;
            if (b === GT) this.#runStart = at;
          } else if (this.#name.length < 8) this.#name += String.fromCharCode(b);
          else this.#state = State.Tag;
          break;
        case State.CellAttributes:
          if (b === GT) {
            const r = /\br="([A-Za-z]{1,3}\d{1,7})"/.exec(String.fromCharCode(...this.#attributes));
            this.#lastCell = r ? r[1]! : null;
            this.#sharedCell = /\bt="s"/.test(String.fromCharCode(...this.#attributes));
            this.#state = State.Text;
            this.#runStart = at;
          } else if (this.#attributes.length < 200) this.#attributes.push(b);
          else if (at - this.#runStart > this.maxRunBytes) return this.#over('tag');
          break;
        case State.Tag:
          if (b === GT) {
            this.#state = State.Text;
            this.#runStart = at;
          } else if (at - this.#runStart > this.maxRunBytes) return this.#over('tag');
          break;
      }
    }
    this.#offset += chunk.length;
  }

  /** The last cell reference seen ("B7"). */
  get lastCell(): string | null {
    return this.#lastCell;
  }

  #over(kind: XmlOverrun['kind']): void {
    this.overrun = { kind, at: this.#runStart, cell: this.#lastCell };
  }
}
