import { instantMillis, isRealDate } from './dates.ts';
import { FORMAT_SIGNED, FORMAT_UNSIGNED, ORIGINS, type LedgerEvent } from './events.ts';
import { Status } from './status.ts';

/*
 * The schema's verdict on the events a ledger holds by the million (status changes, evidence,
 * progress notes, triggers), without zod: zod builds an issue list and a copy of the event, which
 * cost more than the floor's whole work per line. Only good news: true means zod accepts the value
 * and its output is the same JSON (nothing filled in), so the value is the event; false means "ask
 * zod", which alone decides and words the message. test/verify/schema-fast-path.test.ts holds the
 * two to the same verdict over good and broken events.
 */

type Fields = Record<string, unknown>;

const HASH = /^[0-9a-f]{64}$/;
const SIGNATURE_VALUE = /^[0-9a-f]{128}$/;
const ITEM_ID = /^[\p{L}\p{N}._-]+$/u;
const TEXT_MAX = 100_000;

const ENVELOPE_KEYS = ['v', 'seq', 'id', 'at', 'actor', 'prev', 'type', 'data', 'hash'];
const statuses: ReadonlySet<unknown> = new Set(Status.options);
const origins: ReadonlySet<unknown> = new Set(ORIGINS);

/** Whether the schema (ledger/events.ts) accepts `value` as it is; false when unsure. */
export function schemaHoldsAsIs(value: unknown): value is LedgerEvent {
  if (!isRecord(value)) return false;
  const dataHolds = DATA.get(value.type);
  if (dataHolds === undefined) return false;
  // Exactly the envelope's members, `sig` in format 2 only (as the chain requires; zod would take it anywhere).
  const signed = value.v === FORMAT_SIGNED;
  if (!signed && value.v !== FORMAT_UNSIGNED) return false;
  if (!hasOnly(value, ENVELOPE_KEYS, signed ? 'sig' : undefined, ENVELOPE_KEYS.length + (signed ? 1 : 0))) return false;
  return (
    Number.isSafeInteger(value.seq) &&
    (value.seq as number) > 0 &&
    typeof value.id === 'string' &&
    value.id.length >= 1 &&
    value.id.length <= 100 &&
    typeof value.at === 'string' &&
    instantMillis(value.at) !== null &&
    actorHolds(value.actor) &&
    isHash(value.prev) &&
    isHash(value.hash) &&
    (!signed || signatureHolds(value.sig)) &&
    isRecord(value.data) &&
    dataHolds(value.data)
  );
}

// A Map, not an object: a `type` such as "constructor" must find nothing.
const DATA = new Map<unknown, (data: Fields) => boolean>([
  ['status.changed', statusChangedHolds],
  ['evidence.attached', evidenceAttachedHolds],
  ['progress.noted', progressNotedHolds],
  ['condition.met', conditionMetHolds],
]);

function statusChangedHolds(data: Fields): boolean {
  return (
    hasOnly(data, ['item', 'status', 'effective', 'note', 'origin'], undefined, countOf(data, 3, 'note', 'origin')) &&
    isItemId(data.item) &&
    statuses.has(data.status) &&
    isDate(data.effective) &&
    optional(data, 'note', isText) &&
    optional(data, 'origin', isOrigin)
  );
}

function evidenceAttachedHolds(data: Fields): boolean {
  return (
    hasOnly(data, ['item', 'document', 'effective', 'note', 'origin'], undefined, countOf(data, 2, 'effective', 'note', 'origin')) &&
    isItemId(data.item) &&
    documentHolds(data.document) &&
    optional(data, 'effective', isDate) &&
    optional(data, 'note', isText) &&
    optional(data, 'origin', isOrigin)
  );
}

function progressNotedHolds(data: Fields): boolean {
  return (
    hasOnly(data, ['item', 'note', 'percent', 'effective', 'origin'], undefined, countOf(data, 2, 'percent', 'effective', 'origin')) &&
    isItemId(data.item) &&
    isNonEmptyText(data.note) &&
    optional(data, 'percent', isPercent) &&
    optional(data, 'effective', isDate) &&
    optional(data, 'origin', isOrigin)
  );
}

function conditionMetHolds(data: Fields): boolean {
  return (
    hasOnly(data, ['item', 'effective', 'document', 'due', 'note'], undefined, countOf(data, 2, 'document', 'due', 'note')) &&
    isItemId(data.item) &&
    isDate(data.effective) &&
    optional(data, 'document', documentHolds) &&
    optional(data, 'due', isDate) &&
    optional(data, 'note', isText)
  );
}

const DOCUMENT_KEYS = ['kind', 'number', 'date', 'issuer', 'title', 'link'];

function documentHolds(document: unknown): boolean {
  return (
    isRecord(document) &&
    hasOnly(document, DOCUMENT_KEYS, undefined, countOf(document, 1, 'number', 'date', 'issuer', 'title', 'link')) &&
    isNonEmptyText(document.kind) &&
    optional(document, 'number', isText) &&
    optional(document, 'date', isDate) &&
    optional(document, 'issuer', isText) &&
    optional(document, 'title', isText) &&
    optional(document, 'link', (link) => typeof link === 'string' && link.length <= 2_000)
  );
}

function actorHolds(actor: unknown): boolean {
  return (
    isRecord(actor) &&
    hasOnly(actor, ['name', 'unit'], undefined, 2) &&
    isNonEmptyText(actor.name) &&
    (actor.name as string).length <= 200 &&
    isNonEmptyText(actor.unit) &&
    (actor.unit as string).length <= 300
  );
}

function signatureHolds(sig: unknown): boolean {
  return (
    isRecord(sig) &&
    hasOnly(sig, ['alg', 'key', 'value'], undefined, 3) &&
    sig.alg === 'Ed25519' &&
    isHash(sig.key) &&
    typeof sig.value === 'string' &&
    SIGNATURE_VALUE.test(sig.value)
  );
}

/** A plain object of data (what JSON.parse makes), not an array. */
function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `record` has exactly `count` own keys, each one of `keys` (or `extra`). Counting first keeps the
 * common case to one Object.keys; a key present with the value undefined (never from JSON) is
 * left to zod by the checks of each member.
 */
function hasOnly(record: Fields, keys: readonly string[], extra: string | undefined, count: number): boolean {
  const own = Object.keys(record);
  if (own.length !== count) return false;
  for (const key of own) if (key !== extra && !keys.includes(key)) return false;
  return true;
}

/** How many keys a record of `required` members and these optional ones has, as present. */
function countOf(record: Fields, required: number, ...optionalKeys: string[]): number {
  let count = required;
  for (const key of optionalKeys) if (Object.hasOwn(record, key)) count++;
  return count;
}

function optional(record: Fields, key: string, holds: (value: unknown) => boolean): boolean {
  return !Object.hasOwn(record, key) || holds(record[key]);
}

const isHash = (value: unknown): boolean => typeof value === 'string' && HASH.test(value);
const isText = (value: unknown): boolean => typeof value === 'string' && value.length <= TEXT_MAX;
const isNonEmptyText = (value: unknown): boolean => isText(value) && (value as string).trim().length > 0;
const isDate = (value: unknown): boolean => typeof value === 'string' && isRealDate(value);
const isItemId = (value: unknown): boolean => typeof value === 'string' && value.length >= 1 && value.length <= 64 && ITEM_ID.test(value);
const isPercent = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
const isOrigin = (value: unknown): boolean => origins.has(value);
