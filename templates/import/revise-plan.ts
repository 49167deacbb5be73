import type { DataOf, DocumentRef } from '../../ledger/events.ts';
import type { Item, ItemPatch, PlanSource, Section, Task } from '../../ledger/plan.ts';
import { foldText } from '../table/fold.ts';
import type { PlanDefinition } from './plan-definition.ts';

export type PlanRevised = DataOf<'plan.revised'>;

export interface ReviseOptions {
  /** The "Kế hoạch điều chỉnh, bổ sung" that decided the revision. */
  document: DocumentRef;
  source?: PlanSource;
  /** Every item id the ledger ever used, withdrawn ones included: they are never given again. */
  usedIds?: Iterable<string>;
  /** Why items missing from the new table are withdrawn; a default sentence otherwise. */
  withdrawReason?: string;
}

/** Fields compared between the old and the new item. Ids are kept; the source row is where it was read, not what it says. */
const COMPARED = ['numbering', 'section', 'task', 'text', 'activity', 'objective', 'output', 'monitoring', 'budget', 'note'] as const;

// Pairs of items less alike than this are not the same item amended but one withdrawn and one added.
const SAME_ITEM_SIMILARITY = 0.5;

/**
 * What changed between the plan in force and a new reading of its table: items added, amended
 * field by field (`set` the new values, `was` the old), withdrawn. Items are matched by content
 * first, so that a row inserted above them (which shifts the positional ids of every row below)
 * is one item added, not a cascade of amendments; then by id where the content was edited.
 * Returns null when nothing changed.
 */
export function revisePlan(previous: PlanDefinition, next: PlanDefinition, options: ReviseOptions): PlanRevised | null {
  const used = new Set<string>([...previous.items.map((i) => i.id), ...(options.usedIds ?? [])]);
  const pairs = matchItems(previous.items, next.items);

  const sectionMap = mapSections(previous.sections, next.sections);
  const newSections: Section[] = [];
  const sectionIds = new Set(previous.sections.map((s) => s.id));
  for (const s of next.sections) {
    if (sectionMap.has(s.id)) continue;
    const id = freshId(s.id, sectionIds);
    sectionMap.set(s.id, id);
    newSections.push({ ...s, id });
  }

  const taskMap = mapTasks(previous, next, pairs, sectionMap);
  const newTasks: Task[] = [];
  const taskIds = new Set(previous.tasks.map((t) => t.id));
  for (const t of next.tasks) {
    if (taskMap.has(t.id)) continue;
    const id = freshId(t.id, taskIds);
    taskMap.set(t.id, id);
    newTasks.push({ ...t, id, section: sectionMap.get(t.section) ?? t.section });
  }

  const oldById = new Map(previous.items.map((i) => [i.id, i]));
  const amended: PlanRevised['amended'] = [];
  const added: Item[] = [];
  for (const item of next.items) {
    const moved: Item = { ...item, section: sectionMap.get(item.section) ?? item.section, task: taskMap.get(item.task) ?? item.task };
    const oldId = pairs.get(item.id);
    if (oldId !== undefined) {
      const patch = diff(oldById.get(oldId)!, moved);
      if (patch) amended.push({ item: oldId, ...patch });
      continue;
    }
    // An item added to a task the ledger has follows that task's id ("4.2.c"); one in a new task keeps the
    // id its position gives. Either gets "-2", "-3"... when the id is taken.
    const suffix = item.id.startsWith(item.task) ? item.id.slice(item.task.length) : '';
    const inOldTask = previous.tasks.some((t) => t.id === moved.task);
    const id = freshId(inOldTask ? `${moved.task}${suffix}` : item.id, used);
    added.push({ ...moved, id });
  }
  const matchedOld = new Set(pairs.values());
  const reason = options.withdrawReason ?? 'Không còn trong bảng phụ lục điều chỉnh / no longer in the revised table';
  const withdrawn = previous.items.filter((i) => !matchedOld.has(i.id)).map((i) => ({ item: i.id, reason }));

  if (newSections.length + newTasks.length + added.length + amended.length + withdrawn.length === 0) return null;
  return {
    document: options.document,
    ...(options.source ? { source: options.source } : {}),
    sections: newSections,
    tasks: newTasks,
    added,
    amended,
    withdrawn,
  };
}

/** `base` if free, else `base-2`, `base-3` ...; the id returned is marked used. */
function freshId(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
  used.add(id);
  return id;
}

const contentKey = (i: Item) => [i.text, i.activity ?? '', i.objective ?? '', i.output].map(foldText).join('|');

function words(i: Item): Set<string> {
  return new Set(foldText(`${i.text} ${i.activity ?? ''} ${i.output} ${i.timeline.raw}`).split(' ').filter(Boolean));
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** New item id → old item id, for the items that are the same item (perhaps amended, perhaps moved). */
function matchItems(old: Item[], next: Item[]): Map<string, string> {
  const pairs = new Map<string, string>();
  const taken = new Set<string>();
  const pair = (n: Item, o: Item) => {
    pairs.set(n.id, o.id);
    taken.add(o.id);
  };
  const oldById = new Map(old.map((i) => [i.id, i]));
  // 1. Same id, same content.
  for (const n of next) {
    const o = oldById.get(n.id);
    if (o && contentKey(o) === contentKey(n)) pair(n, o);
  }
  // 2. Same content under another id: rows inserted or removed above shifted it. In order, so duplicates pair up in turn.
  const byContent = new Map<string, Item[]>();
  for (const o of old) {
    if (taken.has(o.id)) continue;
    const k = contentKey(o);
    byContent.set(k, [...(byContent.get(k) ?? []), o]);
  }
  for (const n of next) {
    if (pairs.has(n.id)) continue;
    const o = byContent.get(contentKey(n))?.find((c) => !taken.has(c.id));
    if (o) pair(n, o);
  }
  // 3. Edited in place: the same id, still alike.
  const wordsOf = new Map<Item, Set<string>>();
  const w = (i: Item) => wordsOf.get(i) ?? wordsOf.set(i, words(i)).get(i)!;
  for (const n of next) {
    if (pairs.has(n.id)) continue;
    const o = oldById.get(n.id);
    if (o && !taken.has(o.id) && similarity(w(o), w(n)) >= SAME_ITEM_SIMILARITY) pair(n, o);
  }
  // 4. Edited and moved: the most alike pairs first.
  const candidates: Array<{ n: Item; o: Item; score: number }> = [];
  const restOld = old.filter((o) => !taken.has(o.id));
  for (const n of next) {
    if (pairs.has(n.id)) continue;
    for (const o of restOld) {
      const score = similarity(w(o), w(n));
      if (score >= SAME_ITEM_SIMILARITY) candidates.push({ n, o, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  for (const { n, o } of candidates) if (!pairs.has(n.id) && !taken.has(o.id)) pair(n, o);
  return pairs;
}

/** New section id → old section id: by title, else by position when the reform area agrees. */
function mapSections(old: Section[], next: Section[]): Map<string, string> {
  const map = new Map<string, string>();
  const taken = new Set<string>();
  for (const s of next) {
    const o = old.find((x) => !taken.has(x.id) && foldText(x.title) === foldText(s.title) && x.area === s.area);
    if (o) map.set(s.id, o.id), taken.add(o.id);
  }
  for (const s of next) {
    if (map.has(s.id)) continue;
    const o = old.find((x) => x.id === s.id && !taken.has(x.id) && x.area === s.area);
    if (o) map.set(s.id, o.id), taken.add(o.id);
  }
  return map;
}

/** New task id → old task id: the task most of its matched items came from, else the same text in the same section. */
function mapTasks(previous: PlanDefinition, next: PlanDefinition, pairs: Map<string, string>, sections: Map<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  const taken = new Set<string>();
  const oldItem = new Map(previous.items.map((i) => [i.id, i]));
  const votes = new Map<string, Map<string, number>>();
  for (const n of next.items) {
    const o = oldItem.get(pairs.get(n.id) ?? '');
    if (!o) continue;
    const v = votes.get(n.task) ?? new Map<string, number>();
    v.set(o.task, (v.get(o.task) ?? 0) + 1);
    votes.set(n.task, v);
  }
  for (const t of next.tasks) {
    const best = [...(votes.get(t.id) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1]).find(([id]) => !taken.has(id));
    if (best) map.set(t.id, best[0]), taken.add(best[0]);
  }
  for (const t of next.tasks) {
    if (map.has(t.id)) continue;
    const section = sections.get(t.section);
    const o = previous.tasks.find((x) => !taken.has(x.id) && x.section === section && foldText(x.text) === foldText(t.text));
    if (o) map.set(t.id, o.id), taken.add(o.id);
  }
  return map;
}

/** The fields that differ, as `set` (new) and `was` (old); null when none. Timelines compare by their text. */
function diff(old: Item, next: Item): { set: ItemPatch; was: ItemPatch } | null {
  const set: ItemPatch = {};
  const was: ItemPatch = {};
  for (const f of COMPARED) {
    const a = old[f] ?? '';
    const b = next[f] ?? '';
    if (a !== b) {
      set[f] = b;
      was[f] = a;
    }
  }
  if (old.timeline.raw !== next.timeline.raw) {
    set.timeline = next.timeline;
    was.timeline = old.timeline;
  }
  if (old.leadText !== next.leadText) {
    set.leadText = next.leadText;
    set.lead = next.lead;
    was.leadText = old.leadText;
    was.lead = old.lead;
  }
  if (old.coordinatingText !== next.coordinatingText) {
    set.coordinatingText = next.coordinatingText;
    set.coordinating = next.coordinating;
    was.coordinatingText = old.coordinatingText;
    was.coordinating = old.coordinating;
  }
  return Object.keys(set).length > 0 ? { set, was } : null;
}
