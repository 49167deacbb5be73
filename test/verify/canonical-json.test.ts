import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#digest';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import { canonicalBody } from '../../ledger/seal.ts';
import { sampleEvents } from '../stores/sample-events.ts';

/** What `canonicalize` (the reference implementation of RFC 8785, kept here as the oracle) makes of a value, or the fact that it refuses it. */
function reference(value: unknown): string | 'refused' {
  try {
    return canonicalize(value) ?? 'refused';
  } catch {
    return 'refused';
  }
}

function mine(value: unknown): string | 'refused' {
  try {
    return canonicalJson(value);
  } catch {
    return 'refused';
  }
}

// Any UTF-16 code unit, lone surrogates included, in keys and in values.
const codeUnit = fc.nat(0xffff).map((c) => String.fromCharCode(c));

describe('canonicalJson', () => {
  it('writes exactly what canonicalize writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: codeUnit, maxDepth: 4 }), (value) => {
        expect(mine(value)).toBe(reference(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('does so for values read back from JSON text, numbers of every kind included', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true }), (value, n) => {
        const parsed: unknown = JSON.parse(JSON.stringify({ value, n, big: n * 1e300, small: n / 1e300 }));
        expect(mine(parsed)).toBe(reference(parsed));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives every sample event, as stored, the canonical body canonicalize writes and its hash covers', () => {
    for (const event of sampleEvents(200, { items: 40 })) {
      const stored = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
      const { hash, ...body } = stored;
      expect(canonicalJson(stored, 'hash')).toBe(reference(body));
      expect(canonicalBody(event)).toBe(reference(body));
      expect(sha256Hex(reference(body))).toBe(hash);
    }
  });

  it('sorts keys by UTF-16 code units (RFC 8785 3.2.3), and refuses lone surrogates', () => {
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3, '1': 4, '\u0080': 5, 'ö': 6 })).toBe(
      '{"\\r":2,"1":4,"\u0080":5,"ö":6,"\u20ac":1,"\ud83d\ude00":3}',
    );
    expect(canonicalJson({ b: [1, -0, 1e21, 0.000001, 1e-7], a: 'x' })).toBe('{"a":"x","b":[1,0,1e+21,0.000001,1e-7]}');
    expect(() => canonicalJson({ a: 'x\ud800' })).toThrow(TypeError);
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(TypeError);
  });
});
