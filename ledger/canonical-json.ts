/**
 * RFC 8785 canonical JSON (the JSON Canonicalization Scheme) of JSON data, as `canonicalize` writes
 * it but three times as fast: keys sorted by UTF-16 code units, strings and numbers as ECMAScript's
 * JSON.stringify writes them. Sealing and verify both hash what it writes (one serializer); verify
 * runs it once per stored event. `canonicalize` stays as the tests' oracle.
 * Like `canonicalize`, it refuses strings with lone surrogates and non-finite numbers; it expects
 * plain data (what JSON.parse returns), not Dates or other objects with toJSON.
 */
export function canonicalJson(value: unknown, omitKey?: string): string {
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
      return String(value); // the same digits as JSON.stringify, -0 as "0"
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : canonicalJson(item));
        }
        return out + ']';
      }
      const record = value as Record<string, unknown>;
      const keys = sortedKeys(record);
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined || key === omitKey) continue;
        out += (first ? '' : ',') + quotedKey(key) + canonicalJson(member);
        first = false;
      }
      return out + '}';
    }
  }
  throw new TypeError(`a ${typeof value} is not JSON data`);
}

// What JSON.stringify would escape (controls, quote, backslash) and surrogates (a lone one is refused).
// Text without any is written between quotes as it is, the common case, with no call into JSON.stringify.
const NEEDS_CARE = /[\u0000-\u001f"\\\ud800-\udfff]/;

function quoted(text: string): string {
  if (!NEEDS_CARE.test(text)) return '"' + text + '"';
  if (!isWellFormed(text)) throw new TypeError('a string holds a lone surrogate: not valid I-JSON');
  return JSON.stringify(text);
}

// Events use a few dozen keys over and over: quote each once.
const QUOTED_KEYS = new Map<string, string>();
function quotedKey(key: string): string {
  let text = QUOTED_KEYS.get(key);
  if (text === undefined) {
    text = quoted(key) + ':';
    if (QUOTED_KEYS.size < 10_000) QUOTED_KEYS.set(key, text);
  }
  return text;
}

/** Own keys in UTF-16 code unit order; an insertion sort, as objects here have a handful of keys. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const nativeWellFormed = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
const isWellFormed = (s: string): boolean => (nativeWellFormed ? nativeWellFormed.call(s) : !LONE_SURROGATE.test(s));
