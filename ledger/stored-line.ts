import { canonicalJson } from './canonical-json.ts';
import { FORMAT_UNSIGNED, type LedgerEvent } from './events.ts';

/*
 * One meaning per stored byte (format 2). The stored line of an event is its RFC 8785 canonical JSON
 * without `hash`, with the member `"hash":"<64 hex>"` put last, just before the closing brace. Its hash
 * is SHA-256 of the line with that member (and the comma before it) taken out, i.e. of the canonical
 * body itself. Any other bytes for the same event are refused, at the first byte that differs.
 * Format 1 lines were written by JSON.stringify and are read as any JSON of the event.
 */

/** `,"hash":"` + 64 hex digits + `"}`: what the hash member adds at the end of a format-2 line. */
export const HASH_MEMBER_LENGTH = 75;

/** The line a store keeps for an event (without the newline an NDJSON file puts after it). */
export function storedLine(event: LedgerEvent): string {
  if (event.v === FORMAT_UNSIGNED) return JSON.stringify(event);
  return lineOfBody(canonicalJson(event, 'hash'), event.hash);
}

/** The format-2 line of a canonical body and its hash. */
export function lineOfBody(body: string, hash: string): string {
  return body.slice(0, -1) + (body.length > 2 ? ',' : '') + '"hash":"' + hash + '"}';
}

/**
 * Checks that `line` is exactly the format-2 line of the event it parses to (`value`). Answers the
 * canonical body (what the hash covers), or where the line first differs from the one form this
 * event may take: the character index and the UTF-8 byte within the line.
 */
export function canonicalBodyOfLine(line: string, value: Record<string, unknown>): { body: string } | { index: number; byte: number; expected: string } {
  let body: string;
  try {
    body = canonicalJson(value, 'hash');
  } catch {
    // A lone surrogate (written as an escape) has no canonical form at all.
    const index = Math.max(0, line.search(/\\u[dD][89a-fA-F]/));
    return { index, byte: utf8Length(line.slice(0, index)), expected: '' };
  }
  const expected = lineOfBody(body, String(value.hash));
  if (expected === line) return { body };
  let index = 0;
  while (index < line.length && line.charCodeAt(index) === expected.charCodeAt(index)) index++;
  return { index, byte: utf8Length(line.slice(0, index)), expected: expected.slice(index, index + 12) };
}

const encoder = new TextEncoder();
const utf8Length = (text: string): number => encoder.encode(text).length;
