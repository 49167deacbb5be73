import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../ledger/events.ts';
import { NdjsonStore } from '../../ledger/stores/ndjson-store.ts';
import { verify } from '../../ledger/verify.ts';
import type { Database } from '../../server/db/database.ts';
import type { PushResponse } from '../../server/protocol/bodies.ts';
import { SIGNATURE_HEADER, signRequest } from '../../server/protocol/request-signature.ts';
import type { ServiceClient } from '../../server/protocol/service-client.ts';
import { samplePlan } from '../support/sample-plan.ts';
import { newSigner, pendingEvents, provinceService, signedAsGiven, slug, SO_NOI_VU, type Person } from './support/service-fixture.ts';

type Service = Awaited<ReturnType<typeof provinceService>>;

const enrol = (by: Person, who: Person, role: 'admin' | 'member' = 'member'): EventDraft => ({
  type: 'key.enrolled',
  actor: by.actor,
  data: { key: who.signer.fingerprint, publicKey: who.signer.publicKey, person: who.actor, role },
});
const status = (by: Person, item: string, value: 'in_progress' | 'done' = 'in_progress'): EventDraft => ({
  type: 'status.changed',
  actor: by.actor,
  data: { item, status: value, effective: '2021-02-01', ...(value === 'done' && { note: 'xong' }) },
});
const imported = (by: Person): EventDraft => ({ type: 'plan.imported', actor: by.actor, data: samplePlan() });

const outcomes = (response: PushResponse) => response.results.map((r) => (r.outcome === 'refused' ? `refused:${r.error.code}` : r.outcome));

/** The API's behaviour on one database driver (a PostgreSQL server, or PGlite). */
export function describeService(name: string, openDatabase: () => Promise<Database>): void {
  describe(`the provincial service on ${name}`, () => {
    let db: Database;
    let service: Service;
    let plans = 0;

    beforeAll(async () => {
      db = await openDatabase();
      service = await provinceService(db);
      return async () => {
        await service.app.close();
        await db.close();
      };
    }, 120_000);

    /** A plan of `owner`'s agency (or the province's), created by `owner`, with its self-enrolment, import and the enrolments given. */
    async function planWith(owner: Person, scope: 'agency' | 'province', enrolled: Array<[Person, 'admin' | 'member']> = []) {
      const client = service.clientOf(owner);
      const me = await client.me();
      const id = slug(`${name}-${scope}-${++plans}`);
      await client.createPlan({ id, ownerAgencyId: me.agency.id, scope, title: `Kế hoạch CCHC năm 2021 (${id})`, periodFrom: '2021-01-01', periodTo: '2021-12-31' });
      const events = await pendingEvents([], owner.signer, [imported(owner), ...enrolled.map(([who, role]) => enrol(owner, who, role))]);
      const pushed = await client.push(id, { seq: 0, hash: '0'.repeat(64) }, events);
      expect(outcomes(pushed)).toEqual(events.map(() => 'placed'));
      return { id, client };
    }

    /** `person` pushes `drafts` made at the plan's current head. */
    async function pushAs(person: Person, planId: string, drafts: EventDraft[]): Promise<PushResponse> {
      const client = service.clientOf(person);
      const { lines, head } = await client.pullAll(planId);
      return client.push(planId, head, await pendingEvents(lines, person.signer, drafts));
    }

    it('answers its health unsigned, and who a signed request comes from', async () => {
      const client = service.clientOf(service.admin);
      expect(await client.health()).toEqual({ ok: true, service: 'cchc', protocol: 1, province: { code: '83', name: 'Tỉnh Bến Tre' } });
      expect(await client.me()).toMatchObject({ agency: { id: 'snv' }, key: { role: 'province-admin' }, actor: service.admin.actor });
    });

    describe('authentication by signature: 401 with a bilingual reason, nothing done', () => {
      const call = async (headers: Record<string, string>, payload?: string, url = '/api/v1/agencies') =>
        service.app.inject({ method: payload === undefined ? 'GET' : 'POST', url, headers: { ...headers, ...(payload && { 'content-type': 'application/json' }) }, ...(payload !== undefined && { payload }) });
      const signed = async (person: Person, path: string, body?: string, now?: Date) => ({ [SIGNATURE_HEADER]: await signRequest(person.signer, { method: body === undefined ? 'GET' : 'POST', path, ...(body !== undefined && { body }) }, now) });
      const refusal = (response: { statusCode: number; json(): unknown }) => ({ status: response.statusCode, body: response.json() });
      const auth = (vi: RegExp) => ({ status: 401, body: { error: { code: 'auth', vi: expect.stringMatching(vi), en: expect.any(String) } } });

      it('no signature, or a malformed one', async () => {
        expect(refusal(await call({}))).toMatchObject(auth(/không có chữ ký/));
        expect(refusal(await call({ [SIGNATURE_HEADER]: 'key=abc, sig=00' }))).toMatchObject(auth(/không có chữ ký/));
      });

      it('a body changed after signing', async () => {
        const body = JSON.stringify({ id: 'sct', officialName: 'Sở Công Thương tỉnh Bến Tre', level: 'department' });
        const headers = await signed(service.admin, '/api/v1/agencies', body);
        expect(refusal(await call(headers, body.replace('sct', 'scx')))).toMatchObject(auth(/không khớp/));
        expect((await service.clientOf(service.admin).agencies()).map((a) => a.id)).not.toContain('scx');
      });

      it('signed more than 5 minutes from the service clock, either way', async () => {
        const late = new Date(Date.now() - 6 * 60_000);
        const early = new Date(Date.now() + 6 * 60_000);
        expect(refusal(await call(await signed(service.admin, '/api/v1/agencies', undefined, late)))).toMatchObject(auth(/lệch 6 phút/));
        expect(refusal(await call(await signed(service.admin, '/api/v1/agencies', undefined, early)))).toMatchObject(auth(/đồng hồ/));
        expect((await call(await signed(service.admin, '/api/v1/agencies', undefined, new Date(Date.now() - 4 * 60_000)))).statusCode).toBe(200);
      });

      it('a replayed request (same nonce)', async () => {
        const body = JSON.stringify({ id: 'sgd', officialName: 'Sở Giáo dục và Đào tạo tỉnh Bến Tre', level: 'department' });
        const headers = await signed(service.admin, '/api/v1/agencies', body);
        expect((await call(headers, body)).statusCode).toBe(201);
        expect(refusal(await call(headers, body))).toMatchObject(auth(/đã được nhận một lần/));
      });

      it('a key not in the directory, or revoked', async () => {
        const stranger: Person = { id: 'x', signer: newSigner(), actor: { name: 'Người lạ', unit: 'Không rõ' } };
        expect(refusal(await call(await signed(stranger, '/api/v1/agencies')))).toMatchObject(auth(/không có trong danh bạ/));
        const leaving: Person = { id: 'leaving', signer: newSigner(), actor: { name: 'Lê Văn Đi', unit: SO_NOI_VU.officialName } };
        const admin = service.clientOf(service.admin);
        await admin.createPerson({ id: leaving.id, agencyId: 'snv', fullName: leaving.actor.name, publicKey: leaving.signer.publicKey, role: 'staff' });
        expect((await call(await signed(leaving, '/api/v1/agencies'))).statusCode).toBe(200);
        await admin.revokeKey(leaving.signer.fingerprint);
        expect(refusal(await call(await signed(leaving, '/api/v1/agencies')))).toMatchObject(auth(/đã bị thu hồi/));
      });
    });

    describe('the directory', () => {
      it('an agency admin adds staff to their own agency only, and no province admin', async () => {
        const fresh = slug(`${name}-stp-new`);
        const stpAdmin = service.clientOf(service.people['stp-agency-admin']!);
        const key = () => newSigner().publicKey;
        await expect(stpAdmin.createPerson({ id: fresh, agencyId: 'stp', fullName: 'Phạm Thị Mới', publicKey: key(), role: 'staff' })).resolves.toMatchObject({ agencyId: 'stp' });
        await expect(stpAdmin.createPerson({ id: slug(`${name}-syt-new`), agencyId: 'syt', fullName: 'Phạm Thị Khác', publicKey: key(), role: 'staff' })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
        await expect(stpAdmin.createPerson({ id: slug(`${name}-stp-boss`), agencyId: 'stp', fullName: 'Phạm Văn Sếp', publicKey: key(), role: 'province-admin' })).rejects.toMatchObject({ status: 403 });
        await expect(stpAdmin.createAgency({ id: 'sxd', officialName: 'Sở Xây dựng', level: 'department' })).rejects.toMatchObject({ status: 403 });
        expect((await stpAdmin.people('stp')).map((p) => p.id).sort()).toEqual([fresh, 'stp-agency-admin', 'stp-staff'].sort());
      });
    });

    describe('an agency plan', () => {
      it('its own agency records; the same push retried is answered "already" and recorded once', async () => {
        const [owner, staff] = [service.people['stp-agency-admin']!, service.people['stp-staff']!];
        const { id, client } = await planWith(owner, 'agency', [[staff, 'member']]);
        const { lines, head } = await client.pullAll(id);
        const events = await pendingEvents(lines, staff.signer, [status(staff, 'I.1'), status(staff, 'II.1')]);
        const first = await service.clientOf(staff).push(id, head, events);
        expect(outcomes(first)).toEqual(['placed', 'placed']);
        const again = await service.clientOf(staff).push(id, head, events);
        expect(outcomes(again)).toEqual(['already', 'already']);
        expect(again.results).toEqual(first.results.map((r) => ({ ...r, outcome: 'already' })));
        expect(again.head).toEqual(first.head);
        const pulled = await client.pullAll(id);
        expect(pulled.lines).toHaveLength(5);
        expect(pulled.lines.slice(3)).toEqual(first.results.map((r) => (r.outcome === 'placed' ? r.line : '')));
      });

      it("another agency's people cannot write to it or be enrolled in it", async () => {
        const [owner, stranger] = [service.people['stp-agency-admin']!, service.people['syt-staff']!];
        const { id } = await planWith(owner, 'agency');
        const enrolStranger = await pushAs(owner, id, [enrol(owner, stranger)]);
        expect(enrolStranger.results[0]).toMatchObject({ outcome: 'refused', error: { code: 'forbidden', vi: expect.stringContaining('không thuộc cơ quan của kế hoạch') } });
        // Signed by a key the plan's chain does not know: the ledger's own key ring refuses it.
        const client = service.clientOf(stranger);
        const { lines, head } = await client.pullAll(id);
        const fromStranger = await client.push(id, head, [await signedAsGiven(lines, stranger.signer, status(stranger, 'I.1'))]);
        expect(outcomes(fromStranger)).toEqual(['refused:signature']);
        expect((await service.clientOf(owner).plan(id)).head.seq).toBe(2);
      });

      it('an event refused by the rules in the middle of a push: the others are still placed', async () => {
        const owner = service.people['syt-agency-admin']!;
        const { id } = await planWith(owner, 'agency');
        const client = service.clientOf(owner);
        const { lines, head } = await client.pullAll(id);
        const [first] = await pendingEvents(lines, owner.signer, [status(owner, 'I.1')]);
        const wrong = await signedAsGiven(lines, owner.signer, status(owner, 'no-such-item'));
        const [third] = await pendingEvents(lines, owner.signer, [status(owner, 'I.2')]);
        const pushed = await client.push(id, head, [first!, wrong, third!]);
        expect(outcomes(pushed)).toEqual(['placed', 'refused:unknown-item', 'placed']);
        const refused = pushed.results[1]!;
        expect(refused.outcome === 'refused' && refused.error.vi).toMatch(/no-such-item/);
        expect(pushed.head.seq).toBe(4);
      });

      it('an event changed after it was signed is refused (signature), and nothing recorded', async () => {
        const owner = service.people['syt-agency-admin']!;
        const { id, client } = await planWith(owner, 'agency');
        const { lines, head } = await client.pullAll(id);
        const [event] = await pendingEvents(lines, owner.signer, [status(owner, 'I.1')]);
        const forged = { ...event!, data: { ...(event!.data as object), status: 'done', note: 'sửa sau khi ký' } } as typeof event;
        const pushed = await client.push(id, head, [forged!]);
        expect(pushed.results[0]).toMatchObject({ outcome: 'refused', error: { code: 'signature', vi: expect.stringContaining('không khớp nội dung') } });
        expect(pushed.head).toEqual(head);
      });

      it('two clients pushing on the same expected head are both placed, one after the other (the service rebases)', async () => {
        const [owner, staff] = [service.people['syt-agency-admin']!, service.people['syt-staff']!];
        const { id, client } = await planWith(owner, 'agency', [[staff, 'member']]);
        const { lines, head } = await client.pullAll(id);
        const [a, b] = [await pendingEvents(lines, owner.signer, [status(owner, 'I.1')]), await pendingEvents(lines, staff.signer, [status(staff, 'I.2')])];
        const [ra, rb] = await Promise.all([client.push(id, head, a), service.clientOf(staff).push(id, head, b)]);
        expect([...outcomes(ra), ...outcomes(rb)]).toEqual(['placed', 'placed']);
        const seqs = [ra.results[0], rb.results[0]].map((r) => (r!.outcome === 'placed' ? r!.seq : 0)).sort();
        expect(seqs).toEqual([head.seq + 1, head.seq + 2]);
      });

      it('a pull gives the stored lines byte for byte: as a file, they verify', async () => {
        const owner = service.people['stp-agency-admin']!;
        const { id, client } = await planWith(owner, 'agency');
        await pushAs(owner, id, [status(owner, 'I.1'), status(owner, 'I.1', 'done')]);
        const first = await client.pullLines(id, 0, 2);
        const rest = await client.pullLines(id, 2);
        expect(first.lines).toHaveLength(2);
        const file = join(mkdtempSync(join(tmpdir(), 'cchc-pull-')), `${id}.ndjson`);
        writeFileSync(file, [...first.lines, ...rest.lines].map((l) => `${l}\n`).join(''));
        const result = await verify((await NdjsonStore.open(file)).read());
        expect(result).toMatchObject({ ok: true, count: 4, head: rest.head, format: 2 });
      });
    });

    describe("the province's plan", () => {
      it("a person records only on items whose lead or coordinating agencies name theirs; plan changes are the Sở Nội vụ's", async () => {
        const [stpAdmin, stpStaff, sytStaff] = [service.people['stp-agency-admin']!, service.people['stp-staff']!, service.people['syt-staff']!];
        const { id } = await planWith(service.admin, 'province', [[stpAdmin, 'admin'], [sytStaff, 'member']]);
        // The agency admin enrols their own staff, not another agency's.
        expect(outcomes(await pushAs(stpAdmin, id, [enrol(stpAdmin, stpStaff)]))).toEqual(['placed']);
        const sytAdmin = service.people['syt-agency-admin']!;
        expect(outcomes(await pushAs(stpAdmin, id, [enrol(stpAdmin, sytAdmin)]))).toEqual(['refused:forbidden']);
        // II.1 is led by the Sở Tư pháp, I.1 by the Sở Nội vụ.
        const pushed = await pushAs(stpStaff, id, [status(stpStaff, 'II.1'), status(stpStaff, 'I.1')]);
        expect(outcomes(pushed)).toEqual(['placed', 'refused:forbidden']);
        const refused = pushed.results[1]!;
        expect(refused.outcome === 'refused' && refused.error).toMatchObject({ vi: expect.stringContaining('Sở Tư pháp tỉnh Bến Tre không ghi nhận được'), en: expect.stringContaining('cannot record on it') });
        expect(outcomes(await pushAs(sytStaff, id, [status(sytStaff, 'II.2')]))).toEqual(['refused:forbidden']);
        const revision: EventDraft = { type: 'plan.revised', actor: stpAdmin.actor, data: { document: { kind: 'Kế hoạch', number: '1/KH-STP' }, withdrawn: [{ item: 'II.3' }] } };
        expect(outcomes(await pushAs(stpAdmin, id, [revision]))).toEqual(['refused:forbidden']);
        expect(outcomes(await pushAs(service.admin, id, [{ ...revision, actor: service.admin.actor }, status(service.admin, 'II.2')]))).toEqual(['placed', 'placed']);
      });

      it('a key revoked on a chain is revoked in the directory, in the same transaction', async () => {
        const leaving: Person = { id: slug(`${name}-leaving`), signer: newSigner(), actor: { name: 'Võ Thị Rời', unit: SO_NOI_VU.officialName } };
        const admin = service.clientOf(service.admin);
        await admin.createPerson({ id: leaving.id, agencyId: 'snv', fullName: leaving.actor.name, publicKey: leaving.signer.publicKey, role: 'staff' });
        const { id } = await planWith(service.admin, 'province', [[leaving, 'member']]);
        const from = new Date().toISOString();
        const revoked = await pushAs(service.admin, id, [{ type: 'key.revoked', actor: service.admin.actor, data: { key: leaving.signer.fingerprint, from, reason: 'chuyển công tác' } }]);
        expect(outcomes(revoked)).toEqual(['placed']);
        const [person] = (await admin.people('snv')).filter((p) => p.id === leaving.id);
        expect(person!.keys[0]!.revokedAt).not.toBeNull();
        const rows = await db.query<{ revoked_by_plan: string; revoked_by_seq: number; enrolled_by_plan: string }>('select revoked_by_plan, revoked_by_seq, enrolled_by_plan from person_key where fingerprint = $1', [leaving.signer.fingerprint]);
        expect(rows).toEqual([{ revoked_by_plan: id, revoked_by_seq: revoked.head.seq, enrolled_by_plan: id }]);
        await expect(service.clientOf(leaving).me()).rejects.toMatchObject({ status: 401 });
      });
    });
  });
}

export type { ServiceClient };
