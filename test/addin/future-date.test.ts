import { describe, expect, it } from 'vitest';
import { cellAddress } from '../../addin/excel/a1.ts';
import { boundPane, settle } from './pane-harness.ts';

// The pane's clock (pane-harness.ts NOW) is 20/06/2022 in Vietnam.
const SAID = { vi: 'Ngày 25/06/2022 ở tương lai (hôm nay là 20/06/2022).', en: '2022-06-25 is in the future (today is 2022-06-20).' };

describe('a completion date in the future, refused by one check wherever it is given', () => {
  it('says the same in the sheet, in answer to the pane\'s question, and in a correction', async () => {
    const { host, app, binding } = await boundPane();
    const [[typed, typedRow], [asked, askedRow]] = Object.entries(binding.rows) as [[string, number], [string, number]];
    const status = (row: number) => cellAddress(row - 1, binding.columns.status - 1);

    // Typed in the sheet beside "Hoàn thành".
    host.userEdit(binding.sheet, status(typedRow), [['Hoàn thành', '25/06/2022']]);
    await settle(app);
    const inSheet = app.model.notes.find((n) => n.kind === 'refused' && n.vi.includes('cột "Ngày hoàn thành"'))!;
    expect(inSheet.vi).toContain(`: ${SAID.vi}`);
    expect(inSheet.en).toContain(`: ${SAID.en}`);
    expect(app.ledger!.state.items[typed]!.status).not.toBe('done');

    // The date the pane asks for.
    host.userEdit(binding.sheet, status(askedRow), [['Hoàn thành']]);
    await settle(app);
    await app.confirmDone(asked, '2022-06-25');
    expect(app.model.notes[0]).toMatchObject({ kind: 'refused', ...SAID });
    await app.confirmDone(asked, '2022-06-18');
    expect(app.ledger!.state.items[asked]!.completedOn).toBe('2022-06-18');

    // A completion date corrected in the pane.
    await app.correct({ kind: 'completion-date', item: asked, date: '2022-06-25' });
    expect(app.model.notes[0]).toMatchObject({ kind: 'refused', ...SAID });
    expect(app.ledger!.state.items[asked]!.completedOn).toBe('2022-06-18');
  });

  it('refuses a cited document dated in the future by the same check, saying it is the document\'s date', async () => {
    const { host, app, binding } = await boundPane();
    const [id, row] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.evidence - 1), [['Báo cáo số 30/BC-SGDĐT ngày 25/06/2022']]);
    await settle(app);
    const refused = app.model.notes.find((n) => n.kind === 'refused' && n.vi.includes('cột "Tài liệu kiểm chứng"'))!;
    expect(refused.vi).toContain(`: văn bản ghi: ${SAID.vi}`);
    expect(refused.en).toContain(`: the document is dated: ${SAID.en}`);
    expect(app.ledger!.state.items[id]!.evidence).toEqual([]);
  });
});
