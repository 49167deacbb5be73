// C2SP tlog-tiles paths: <L>/<N>[.p/<W>], the index N in zero-padded 3-digit elements, all but the
// last prefixed with "x" (1234067 → x001/x234/067). A tile at level L holds up to 256 hashes of the
// perfect subtrees of height 8L: its hash i is node (8L, N × 256 + i).

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

export interface TileId {
  level: number;
  index: number;
  /** The width of a partial tile (1–255); undefined for a full tile. */
  width?: number;
}

export function formatTileIndex(index: number): string {
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

export function formatTilePath(tile: TileId): string {
  return `${tile.level}/${formatTileIndex(tile.index)}${tile.width === undefined ? '' : `.p/${tile.width}`}`;
}

/** Reads "<L>/<N>[.p/<W>]"; null for anything the spec does not allow (leading zeros, a bad width, a stray "x"). */
export function parseTilePath(path: string): TileId | null {
  const match = /^(0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(path);
  if (!match) return null;
  const level = Number(match[1]);
  const width = match[3] === undefined ? undefined : Number(match[3]);
  const index = Number(match[2]!.replace(/x/g, '').replace(/\//g, ''));
  if (level > 63 || (width !== undefined && width >= TILE_WIDTH) || !Number.isSafeInteger(index)) return null;
  if (formatTileIndex(index) !== match[2]) return null; // one spelling per index: no extra leading groups
  return width === undefined ? { level, index } : { level, index, width };
}
