import type { IsoDate } from '../../ledger/dates.ts';
import { PlanImportedData } from '../../ledger/events.ts';
import type { PlanIdentity } from '../../ledger/plan.ts';
import { mappingOfHeader } from '../table/column-mapping.ts';
import { TableError } from '../table/table-error.ts';
import type { TableRead } from '../table/table-read.ts';
import { definitionOf } from './plan-definition.ts';

export type PlanImported = ReturnType<typeof PlanImportedData.parse>;

/** What the user states about the plan when the title block does not say it (or says it wrong). */
export interface IdentityOverrides {
  year?: number;
  issuer?: string;
  title?: string;
  number?: string;
  date?: IsoDate;
}

/**
 * The data of a `plan.imported` event from a table read and the file it came from. Throws
 * TableError `no-items` for a table with nothing to track, `no-year` when the plan's year is
 * neither in the title nor given.
 */
export function planImportedData(
  read: TableRead,
  file: { name: string; sha256: string },
  overrides: IdentityOverrides = {},
): PlanImported {
  const { sections, tasks, items } = definitionOf(read);
  if (items.length === 0) {
    throw new TableError(
      'no-items',
      `Bảng trong "${file.name}" chưa có nhiệm vụ nào để theo dõi.`,
      `The table in "${file.name}" has no task to track.`,
      { file: file.name, ...(read.sheet ? { sheet: read.sheet } : {}) },
    );
  }
  const year = overrides.year ?? read.year;
  if (year === null) {
    throw new TableError(
      'no-year',
      `Không xác định được năm của kế hoạch trong "${file.name}": hãy chỉ định năm (--year).`,
      `The plan year of "${file.name}" is unknown: give it (--year).`,
      { file: file.name },
    );
  }
  const id = read.identity;
  const plan: PlanIdentity = {
    issuer: overrides.issuer ?? id.issuer ?? '',
    year,
    title: overrides.title ?? id.title ?? '',
  };
  const number = overrides.number ?? id.number;
  const date = overrides.date ?? id.date;
  if (read.period) plan.period = read.period;
  if (number !== undefined) plan.number = number;
  if (date !== undefined) plan.date = date;
  return PlanImportedData.parse({
    plan,
    source: { file: file.name, ...(read.sheet ? { sheet: read.sheet } : {}), sha256: file.sha256, columns: mappingOfHeader(read.header) },
    sections,
    tasks,
    items,
  });
}
