import type { IsoDate } from '../../ledger/dates.ts';
import type { GroupRef, Item, Section, Task } from '../../ledger/plan.ts';
import type { Status } from '../../ledger/status.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { HeaderColumn } from './header.ts';
import type { PlanIdentityGuess } from './identity.ts';
import type { TableWarning } from './warnings.ts';

/** Our own tracking columns, when the sheet has them (a sheet this program wrote, read back). */
export interface TrackingValues {
  status?: { raw: string; value: Status | null };
  completedOn?: { raw: string; date: IsoDate | null };
  evidence?: string;
  progressNote?: string;
}

export interface ReadItem extends Item {
  tracking?: TrackingValues;
}

export interface ReadTask extends Task {
  row: number;
  /** The groups between the section and this task, outermost first (empty when the section has none). */
  groups: GroupRef[];
  items: ReadItem[];
}

export interface ReadSection extends Section {
  row: number | null; // null for the implicit section of a table that has no section rows
  tasks: ReadTask[];
}

/** Everything the reader understood of one appendix table. */
export interface TableRead {
  file: string;
  sheet: string | null; // null for tab-separated text
  identity: PlanIdentityGuess;
  /** The plan year the timelines were read with, and where it came from. */
  year: number | null;
  yearSource: 'option' | 'title' | 'timelines' | null;
  /** A plan over several years: the years it runs through (from the title or the identity block); null for one year. */
  period: { from: number; to: number } | null;
  header: { rows: number[]; columns: HeaderColumn[]; unmapped: HeaderColumn[] };
  sections: ReadSection[];
  counts: { sections: number; tasks: number; items: number; repeatedHeaders: number; continuations: number };
  warnings: TableWarning[];
}

export interface ReadOptions {
  /** The plan's year; otherwise taken from the title ("năm 2021"), else from the timelines. */
  year?: number;
  /** Name of the file, for messages. */
  file?: string;
  /** Public holidays for relative deadlines counted in working days. */
  holidays?: ReadonlySet<string>;
  /** What the user says columns hold ("A=section,B=task"), over what the header says. */
  columns?: ColumnMapping;
}

/** Every item of a read, in table order. */
export function itemsOf(read: Pick<TableRead, 'sections'>): ReadItem[] {
  return read.sections.flatMap((s) => s.tasks.flatMap((t) => t.items));
}
