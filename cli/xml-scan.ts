/**
 * Counts, in one pass over a sheet's XML as it is inflated (chunk by chunk, nothing kept), what
 * makes a spreadsheet library's memory grow: rows, cells, and the longest text or tag. It is a
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

  #state = State.Text;
  #offset = 0;
  #runStart = 0;
  #name = '';
  #attributes: number[] = [];
  #lastCell: string | null = null;

  constructor(private readonly maxRunBytes: number) {}

  push(chunk: Uint8Array): void {
    if (this.overrun) return;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      const at = this.#offset + i;
      switch (this.#state) {
        case State.Text:
          if (b === LT) {
            this.#state = State.Name;
            this.#name = '';
            this.#runStart = at;
          } else if (at - this.#runStart > this.maxRunBytes) return this.#over('text');
          break;
        case State.Name:
          if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === GT || b === 0x2f) {
            if (this.#name === 'row') this.rows++;
            if (this.#name === 'c') {
              this.cells++;
              this.#attributes = [];
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

  #over(kind: XmlOverrun['kind']): void {
    this.overrun = { kind, at: this.#runStart, cell: this.#lastCell };
  }
}
