import { describe, expect, it } from 'vitest';
import { formatTilePath, parseTilePath } from '../../ledger/tlog/tile-path.ts';

describe('C2SP tlog-tiles paths', () => {
  it('spell the index in 3-digit groups as the specification shows (1234067 → x001/x234/067)', () => {
    expect(formatTilePath({ level: 0, index: 1234067 })).toBe('0/x001/x234/067');
    expect(parseTilePath('0/x001/x234/067')).toEqual({ level: 0, index: 1234067 });
    expect(parseTilePath('2/000.p/1')).toEqual({ level: 2, index: 0, width: 1 });
    expect(parseTilePath('1/x001/000.p/255')).toEqual({ level: 1, index: 1000, width: 255 });
    for (const index of [0, 7, 999, 1000, 256_000, 1_000_000_007]) expect(parseTilePath(formatTilePath({ level: 3, index }))).toEqual({ level: 3, index });
  });

  it('refuse what the specification does not allow', () => {
    for (const bad of ['0/1', '00/000', '64/000', '0/x000/001', '0/000.p/0', '0/000.p/256', '0/000.p/007', '0/001/002', '0/x1/002', '0/000/', '-1/000', '0/x001'])
      expect(parseTilePath(bad), bad).toBeNull();
  });
});
