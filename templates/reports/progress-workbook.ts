import ExcelJS from 'exceljs';
import type { LedgerEvent } from '../../ledger/events.ts';
import type { LedgerState } from '../../ledger/state.ts';
import type { VerifyResult } from '../../ledger/verify.ts';
import { auditRows } from './audit-rows.ts';
import { addAuditTrailSheet } from './audit-trail.ts';
import { citePlan, vietnamTimeText } from './cell-values.ts';
import { verificationOfPrefix } from './chain-status.ts';
import { countedUnitOf } from './completion-rate.ts';
import { addProgressSheet } from './progress-sheet.ts';
import { workbookBytes } from './workbook-bytes.ts';

/**
 * What `cchc replay` writes: the progress sheet at the state's (knownAt, validAt), and the audit trail
 * of every event recorded by knownAt (so the trail explains exactly what the sheet shows).
 */
export function buildProgressWorkbook(state: LedgerState, events: Iterable<LedgerEvent>, verification?: VerifyResult): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  addProgressSheet(workbook, state);
  const known: LedgerEvent[] = [];
  for (const e of events) if (e.at <= state.knownAt) known.push(e);
  addAuditTrailSheet(workbook, auditRows(known), {
    subtitle: [
      ...(state.plan ? [`${state.plan.identity.title} (${citePlan(state.plan.identity)})`] : []),
      `Các ghi nhận đến ${vietnamTimeText(state.knownAt)} (giờ Việt Nam)`,
    ],
    ...(verification && { verification: verificationOfPrefix(verification, state) }),
    unit: countedUnitOf(state),
  });
  return workbook;
}

export function progressWorkbookBytes(state: LedgerState, events: Iterable<LedgerEvent>, verification?: VerifyResult): Promise<Uint8Array> {
  return workbookBytes(buildProgressWorkbook(state, events, verification), state.knownAt);
}
