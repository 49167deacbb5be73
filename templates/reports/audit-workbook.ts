import ExcelJS from 'exceljs';
import type { IsoInstant } from '../../ledger/dates.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { VerifyResult } from '../../ledger/verify.ts';
import { auditRows } from './audit-rows.ts';
import { addAuditTrailSheet } from './audit-trail.ts';
import { citePlan } from './cell-values.ts';
import { workbookBytes } from './workbook-bytes.ts';

/**
 * What `cchc audit` writes: the whole trail with the verification line on top. When the chain is
 * broken, `events` are the intact ones before the problem, and the line says where it broke.
 */
export function buildAuditWorkbook(events: readonly LedgerEvent[], verification: VerifyResult): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const imported = events.find((e) => e.type === 'plan.imported');
  const plan = imported?.type === 'plan.imported' ? imported.data.plan : null;
  addAuditTrailSheet(workbook, auditRows(events), {
    subtitle: plan ? [`${plan.title} (${citePlan(plan)})`] : [],
    verification,
  });
  return workbook;
}

/** Stamped with the last event's time, so that the same ledger always gives the same file. */
export function auditWorkbookBytes(events: readonly LedgerEvent[], verification: VerifyResult): Promise<Uint8Array> {
  const stamp: IsoInstant = events.at(-1)?.at ?? '1980-01-01T00:00:00.000Z';
  return workbookBytes(buildAuditWorkbook(events, verification), stamp);
}
