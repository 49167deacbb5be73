import { describe, expect, it } from 'vitest';
import { cellAddress } from '../../addin/excel/a1.ts';
import { cellOf } from '../../addin/excel/memory-host.ts';
import { EnrolmentRequest } from '../../ledger/enrolment-request.ts';
import type { LedgerEvent } from '../../ledger/events.ts';
import { fingerprintOf } from '../../ledger/signed-content.ts';
import { boundPane, computer, openPane, settle } from './pane-harness.ts';

async function eventsOf(app: { ledger: { events(): AsyncIterable<LedgerEvent> } | null }): Promise<LedgerEvent[]> {
  const out: LedgerEvent[] = [];
  for await (const event of app.ledger!.events()) out.push(event);
  return out;
}

describe("the pane's signing key", () => {
  it('signs a new ledger: the importer is its first administrator, and every event carries their signature', async () => {
    const { app, pc } = await boundPane();
    const key = await pc.signer();
    expect(app.model.key).toMatchObject({ fingerprint: key.fingerprint, standing: 'admin' });
    expect(EnrolmentRequest.parse(app.model.key!.request)).toMatchObject({ publicKey: key.publicKey, person: { name: 'Nguyễn Thị Lan' } });
    const events = await eventsOf(app);
    expect(events.map((e) => e.type)).toEqual(['key.enrolled', 'plan.imported']);
    expect(events.every((e) => e.v === 2 && e.sig?.key === key.fingerprint)).toBe(true);
  });

  it('refuses a person whose key is not enrolled, keeps what they typed, and records once an administrator enrolls the key', async () => {
    const { host, app: admin, binding, pc: adminPc } = await boundPane();
    await admin.stop();

    // Another person, on another computer, opens the same workbook.
    const other = computer();
    const theirs = await other.signer();
    let pane = await openPane(host, other);
    pane.setActor('Trần Văn Bình', 'Phòng Tổ chức cán bộ');
    expect(pane.model.key).toMatchObject({ fingerprint: theirs.fingerprint, standing: 'not-enrolled' });
    const request = JSON.stringify(pane.model.key!.request);
    expect(JSON.parse(request)).toMatchObject({ type: 'cchc-key-request', fingerprint: fingerprintOf(theirs.publicKey), person: { name: 'Trần Văn Bình', unit: 'Phòng Tổ chức cán bộ' } });

    const [item, row] = Object.entries(binding.rows)[0]!;
    const status = cellAddress(row - 1, binding.columns.status - 1);
    host.userEdit(binding.sheet, status, [['Đang thực hiện']]);
    await settle(pane);
    const refused = pane.model.notes.find((n) => n.kind === 'refused')!;
    expect(refused.vi).toContain('chưa được đăng ký');
    expect(refused.en).toContain('not enrolled');
    expect(refused.typed).toBe('Đang thực hiện');
    expect(cellOf(host.workbook.sheet(binding.sheet)!, row - 1, binding.columns.status - 1)).toBe('Chưa thực hiện');
    expect(pane.ledger!.state.count).toBe(2);
    await pane.stop();

    // The administrator, in their own pane: a pasted mistake is refused, the request is enrolled.
    const adminPane = await openPane(host, adminPc);
    await adminPane.enrollKey('{"type":"cchc-key-request"', 'member');
    expect(adminPane.model.notes[0]).toMatchObject({ kind: 'refused' });
    expect(adminPane.model.notes[0]!.en).toContain('not a valid key enrolment request');
    await adminPane.enrollKey(request, 'member');
    expect(adminPane.model.notes[0]!.vi).toContain('Đã đăng ký khóa');
    await adminPane.stop();

    pane = await openPane(host, other);
    expect(pane.model.key?.standing).toBe('member');
    host.userEdit(binding.sheet, status, [['Đang thực hiện']]);
    await settle(pane);
    const events = await eventsOf(pane);
    expect(events.map((e) => e.type)).toEqual(['key.enrolled', 'plan.imported', 'key.enrolled', 'status.changed']);
    expect(events[3]).toMatchObject({ actor: { name: 'Trần Văn Bình' }, data: { item }, sig: { key: theirs.fingerprint } });
    await pane.verifyChain();
    expect(pane.model.chain).toMatchObject({ ok: true, count: 4, format: 2 });
  });

  it('says when the name above is not the one the key is enrolled for, and records nothing', async () => {
    const { host, app, binding } = await boundPane();
    app.setActor('Nguyễn Thị Lan', 'Sở Nội vụ');
    expect(app.model.key?.standing).toBe('other-person');
    const [, row] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(app);
    expect(app.model.notes[0]!.vi).toContain('được đăng ký cho “Nguyễn Thị Lan” (Văn phòng Sở Giáo dục và Đào tạo)');
    expect(app.ledger!.state.count).toBe(2);
  });
});

describe("a key revoked from a later moment", () => {
  it('stands until that moment, as the ledger decides by the time of each event, and the pane says when it ends', async () => {
    const { host, app: admin } = await boundPane();
    const colleague = computer();
    const theirs = await colleague.signer();
    const request = { type: 'cchc-key-request', publicKey: theirs.publicKey, fingerprint: theirs.fingerprint, person: { name: 'Trần Văn Bình', unit: 'Phòng Tổ chức cán bộ' } };
    await admin.enrollKey(JSON.stringify(request), 'member');
    // Revoked from a week after NOW, 08:30 in Vietnam.
    const from = '2022-06-27T01:30:00.000Z';
    await admin.ledger!.append({ type: 'key.revoked', actor: admin.model.actor!, data: { key: theirs.fingerprint, from, reason: 'Chuyển công tác' } });
    await admin.stop();

    const before = await openPane(host, colleague);
    before.setActor('Trần Văn Bình', 'Phòng Tổ chức cán bộ');
    expect(before.model.key).toMatchObject({ standing: 'member', revokedFrom: from });
    const binding = before.model.binding!;
    const [item, row] = Object.entries(binding.rows)[0]!;
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Đang thực hiện']]);
    await settle(before);
    expect(before.model.notes[0]).toMatchObject({ kind: 'saved' });
    expect(before.ledger!.state.items[item]!.status).toBe('in_progress');
    await before.stop();

    const after = await openPane(host, colleague, { clock: () => new Date('2022-06-27T01:30:00.000Z') });
    expect(after.model.key).toMatchObject({ standing: 'revoked', revokedFrom: from });
    host.userEdit(binding.sheet, cellAddress(row - 1, binding.columns.status - 1), [['Tạm dừng']]);
    await settle(after);
    expect(after.model.notes[0]).toMatchObject({ kind: 'refused' });
    expect(after.model.notes[0]!.vi).toContain('đã bị thu hồi');
  });
});
