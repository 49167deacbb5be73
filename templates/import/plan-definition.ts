import type { Item, Section, Task } from '../../ledger/plan.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { TableRead } from '../table/table-read.ts';

/** A plan's content: what `plan.imported` carries, and what a revision is compared against. */
export interface PlanDefinition {
  sections: Section[];
  tasks: Task[];
  items: Item[];
}

/** The plan content of a read, in table order, with the reader's extras (rows, tracking) left out. */
export function definitionOf(read: Pick<TableRead, 'sections'>): PlanDefinition {
  const sections: Section[] = [];
  const tasks: Task[] = [];
  const items: Item[] = [];
  for (const s of read.sections) {
    sections.push({ id: s.id, numeral: s.numeral, title: s.title, area: s.area });
    for (const t of s.tasks) {
      tasks.push({ id: t.id, section: t.section, numbering: t.numbering, text: t.text });
      for (const { tracking: _tracking, ...item } of t.items) items.push(item);
    }
  }
  return { sections, tasks, items };
}

/** The plan as the ledger holds it now: items in force, and every item id ever used (withdrawn ones too). */
export function definitionFromState(state: Pick<LedgerState, 'sections' | 'tasks' | 'itemOrder' | 'items'>): PlanDefinition & { usedIds: string[] } {
  const items: Item[] = [];
  for (const id of state.itemOrder) {
    const s = state.items[id];
    if (s && !s.withdrawn) items.push(s.definition);
  }
  return { sections: state.sections, tasks: state.tasks, items, usedIds: [...state.itemOrder] };
}
