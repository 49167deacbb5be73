/**
 * Evidence as links (issue 14, "what users expect"): an evidence cell may cite documents by their
 * https address (SharePoint, OneDrive, the agency's document system), several per task; each is
 * recorded with its `link`, shown as a link in the row's history and in the audit trail. Other
 * schemes are refused, in both languages.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellAddress } from '../../addin/excel/a1.ts';
import { cellOf } from '../../addin/excel/memory-host.ts';
import { LedgerError } from '../../ledger/errors.ts';
import { LedgerEvent } from '../../ledger/events.ts';
import { formatDocumentRef, parseDocumentRef } from '../../templates/evidence/parse-document-ref.ts';
import { splitCitations } from '../../templates/evidence/document-link.ts';
import { auditRows } from '../../templates/reports/audit-rows.ts';
import { addAuditTrailSheet } from '../../templates/reports/audit-trail.ts';
import { boundPane, settle } from './pane-harness.ts';

const SHAREPOINT = 'https://sgddt.sharepoint.com/sites/vanphong/Shared%20Documents/Bao-cao-CCHC-Q2.pdf';
const ONEDRIVE = 'https://onedrive.live.com/view.aspx?resid=ABC123;x=1&cid=42';

describe('citations with addresses', () => {
  it('reads the address apart from the citation, and prints it back after it', () => {
    const doc = parseDocumentRef(`Báo cáo số 30/BC-SGDĐT ngày 15/06/2022 ${SHAREPOINT}`);
    expect(doc).toEqual({ kind: 'Báo cáo', number: '30/BC-SGDĐT', date: '2022-06-15', link: SHAREPOINT });
    expect(formatDocumentRef(doc)).toBe(`Báo cáo số 30/BC-SGDĐT ngày 15/06/2022 ${SHAREPOINT}`);
    expect(parseDocumentRef(ONEDRIVE)).toEqual({ kind: 'Văn bản', link: ONEDRIVE });
    expect(formatDocumentRef(parseDocumentRef(ONEDRIVE))).toBe(ONEDRIVE);
  });

  it('leaves words that only look like a scheme, and punctuation around an address, out of the address', () => {
    expect(parseDocumentRef('Báo cáo số liệu data: 30% hoàn thành')).not.toHaveProperty('link');
    expect(parseDocumentRef(`Báo cáo số 30/BC-SGDĐT (bản ký số ${SHAREPOINT}).`)).toMatchObject({ link: SHAREPOINT });
  });

  it('splits a cell into one citation per line, per ";" outside an address, and per address', () => {
    expect(splitCitations(`Kế hoạch số 12/KH-SGDĐT ngày 10/06/2022; ${ONEDRIVE}\nBáo cáo 30/BC ${SHAREPOINT} ${ONEDRIVE} (bản ký số)`)).toEqual([
      'Kế hoạch số 12/KH-SGDĐT ngày 10/06/2022',
      ONEDRIVE,
      `Báo cáo 30/BC ${SHAREPOINT}`,
      `${ONEDRIVE} (bản ký số)`,
    ]);
  });

  it.each(['javascript:alert(1)', 'file:///C:/Users/lan/bao-cao.docx', 'http://vanban.gialai.gov.vn/123', 'data:text/html,<b>x</b>'])('refuses %s, in both languages', (address) => {
    let error: unknown;
    try {
      parseDocumentRef(`Báo cáo số 30/BC-SGDĐT ${address}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as LedgerError).messageVi).toContain('không phải địa chỉ https');
    expect((error as LedgerError).messageEn).toContain('not an https address');
  });

  it('the ledger’s schema takes no other scheme, whoever wrote the event', () => {
    const base = { v: 1, seq: 2, id: 'e', at: '2022-06-20T03:00:00.000Z', actor: { name: 'A', unit: 'B' }, prev: '0'.repeat(64), hash: '0'.repeat(64), type: 'evidence.attached' };
    const withLink = (link: string) => LedgerEvent.safeParse({ ...base, data: { item: '1.1', document: { kind: 'Văn bản', link } } }).success;
    expect(withLink(SHAREPOINT)).toBe(true);
    expect(withLink('javascript:alert(1)')).toBe(false);
    expect(withLink('file:///C:/x.docx')).toBe(false);
  });
});

describe('evidence links in the pane', () => {
  it('records every linked document of a cell with its address, and the history and audit trail show the links', async () => {
    const { host, app, binding, sheet } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    const cell = cellAddress(row - 1, binding.columns.evidence - 1);
    host.userEdit(binding.sheet, cell, [[`Báo cáo số 30/BC-SGDĐT ngày 15/06/2022 ${SHAREPOINT}\n${ONEDRIVE}`]]);
    await settle(app);
    expect(app.model.notes.filter((n) => n.kind === 'refused')).toEqual([]);
    const evidence = app.ledger!.state.items[id]!.evidence.map((e) => e.document);
    expect(evidence.map((d) => d.link).sort()).toEqual([ONEDRIVE, SHAREPOINT].sort());
    // The cell shows both, and agrees with the ledger (no difference on the next look).
    expect(String(cellOf(sheet, row - 1, binding.columns.evidence - 1))).toContain(SHAREPOINT);
    await app.checkDrift();
    expect(app.model.drift).toEqual([]);

    await app.selectItem(id);
    const links = app.model.history!.entries.filter((e) => e.link !== null).map((e) => e.link);
    expect(links.sort()).toEqual([ONEDRIVE, SHAREPOINT].sort());

    const events = [];
    for await (const event of app.ledger!.events()) events.push(event);
    const workbook = new ExcelJS.Workbook();
    const { sheet: audit, rowOfSeq } = addAuditTrailSheet(workbook, auditRows(events));
    const attached = events.filter((e) => e.type === 'evidence.attached');
    const hyperlinks = attached.map((e) => (audit.getRow(rowOfSeq.get(e.seq)!).getCell(10).value as { hyperlink?: string }).hyperlink);
    expect(hyperlinks.sort()).toEqual([ONEDRIVE, SHAREPOINT].sort());
  });

  it('refuses a javascript: or file: address in the cell, says so in both languages, and records nothing', async () => {
    const { host, app, binding } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    const before = app.ledger!.state.count;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.evidence - 1), [['Báo cáo số 30/BC-SGDĐT javascript:alert(1)']]);
    await settle(app);
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.evidence - 1), [['file://server/share/bao-cao.docx']]);
    await settle(app);
    expect(app.ledger!.state.count).toBe(before);
    expect(app.ledger!.state.items[id]!.evidence).toEqual([]);
    const refusals = app.model.notes.filter((n) => n.kind === 'refused');
    expect(refusals).toHaveLength(2);
    expect(refusals.every((n) => n.vi.includes('không phải địa chỉ https') && n.en.includes('not an https address'))).toBe(true);
    expect(refusals.map((n) => n.typed)).toContain('file://server/share/bao-cao.docx');
  });
});
