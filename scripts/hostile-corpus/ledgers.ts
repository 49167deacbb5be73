// Ledgers for the corpus, made the way users make them (the table read, imported and recorded
// through the Ledger), then spoiled line by line. `resealed` re-chains raw values, so a variant can
// be wrong in exactly one way (a bad `v`, a future `at`) with every hash still right.
import { sha256Hex } from '#digest';
import { canonicalJson } from '../../ledger/canonical-json.ts';
import type { EventDraft } from '../../ledger/events.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { GENESIS_HASH } from '../../ledger/events.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { readTable } from '../../templates/table/read-table.ts';

export const ACTOR = { name: 'Nguyễn Thị Hồng Nhung', unit: 'Sở Nội vụ' };

/** A ledger of the table in `tableBytes`: the import, then `changes(itemIds)` drafts, all at fixed times. */
export async function ledgerLines(
  tableBytes: Uint8Array,
  fileName: string,
  changes: (items: string[]) => EventDraft[] = sampleChanges,
): Promise<string[]> {
  const read = await readTable(tableBytes, fileName);
  const data = planImportedData(read, { name: fileName, sha256: sha256Hex(fileName) });
  const store = new MemoryStore();
  const ledger = await Ledger.open(store, { clock: () => new Date('2021-12-31T09:00:00.000Z') });
  await ledger.append({ type: 'plan.imported', actor: ACTOR, at: '2021-01-04T02:00:00.000Z', data, id: 'import-1' });
  await ledger.append(changes(data.items.map((i) => i.id)));
  const lines: string[] = [];
  for await (const raw of store.read()) lines.push(JSON.stringify('value' in raw ? raw.value : null));
  return lines;
}

/** A few months of ordinary progress on the first items. */
export function sampleChanges(items: string[]): EventDraft[] {
  const [a, b, c] = items as [string, string, string];
  return [
    { type: 'status.changed', actor: ACTOR, at: '2021-01-20T03:00:00.000Z', id: 'e2', data: { item: a, status: 'in_progress', effective: '2021-01-18' } },
    {
      type: 'evidence.attached',
      actor: ACTOR,
      at: '2021-01-29T03:00:00.000Z',
      id: 'e3',
      data: { item: a, document: { kind: 'Kế hoạch', number: '7018/KH-UBND', date: '2021-01-28' } },
    },
    { type: 'status.changed', actor: ACTOR, at: '2021-01-29T03:05:00.000Z', id: 'e4', data: { item: a, status: 'done', effective: '2021-01-28' } },
    { type: 'progress.noted', actor: ACTOR, at: '2021-04-02T03:00:00.000Z', id: 'e5', data: { item: b, note: 'Đã kiểm tra 12/20 cơ quan', percent: 60 } },
    { type: 'status.changed', actor: ACTOR, at: '2021-04-05T03:00:00.000Z', id: 'e6', data: { item: c, status: 'in_progress', effective: '2021-04-05' } },
  ];
}

/** Seals raw event values again into one chain from seq 1 (hash over the value as it stands, as verify checks). */
export function resealed(values: ReadonlyArray<Record<string, unknown>>): string[] {
  let prev = GENESIS_HASH;
  return values.map((value, i) => {
    const body: Record<string, unknown> = { ...value, seq: i + 1, prev };
    delete body.hash;
    const hash = sha256Hex(canonicalJson(body));
    prev = hash;
    return JSON.stringify({ ...body, hash });
  });
}

export const parsedLines = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
export const ndjson = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');
