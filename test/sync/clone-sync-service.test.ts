import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeyFile } from '../../cli/key-file.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { initProvince } from '../../server/province-init.ts';
import { runCliAsync } from '../support/run-cli.ts';
import { listen, ServiceProxy } from './support/service-proxy.ts';

const SAMPLE = fileURLToPath(new URL('../../samples/bentre-2021-phuluc.xlsx', import.meta.url));
const SO_NOI_VU = 'Sở Nội vụ tỉnh Bến Tre';
const SO_TU_PHAP = 'Sở Tư pháp tỉnh Bến Tre';
const AN = ['--actor', 'Nguyễn Thị An', '--unit', SO_NOI_VU];
const BINH = ['--actor', 'Trần Văn Bình', '--unit', SO_TU_PHAP];

type ProxyMode = 'pass' | 'lose-push-answer' | 'tamper-pull';

/** What the proxy in front of the service does: pass, lose the answer to a push, or change one byte of what a pull brings. */
function proxyIn(proxy: ServiceProxy, mode: () => ProxyMode): void {
  proxy.onAnswer = (request, body) => {
    if (mode() === 'lose-push-answer' && request.method === 'POST') return 'lose';
    if (mode() === 'tamper-pull' && request.method === 'GET' && request.url!.includes('/events')) {
      return Buffer.from(body.toString('utf8').replace('"effective":"2021-', '"effective":"2020-'), 'utf8');
    }
    return body;
  };
}

const linesOf = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const idsOf = (file: string): string[] => linesOf(file).map((l) => (JSON.parse(l) as { id: string }).id);
/** This service serves no transparency log (an older one): a clone says so once per command, and nothing else. */
const besidesNoLogWarning = (stderr: string): string => stderr.replace(/^Cảnh báo: dịch vụ \S+ không có nhật ký minh bạch.*\nWarning: the service at \S+ has no transparency log.*\n/m, '');

describe('clone, record offline, push and pull against a real service (PGlite)', () => {
  let db: Database;
  let app: FastifyInstance;
  let proxy: ServiceProxy;
  let mode: ProxyMode = 'pass';
  let url: string;
  let proxied: string;
  const dir = mkdtempSync(join(tmpdir(), 'cchc-sync-'));
  const [anKey, binhKey] = [join(dir, 'an.key'), join(dir, 'binh.key')];
  const [a, b] = [join(dir, 'an.ndjson'), join(dir, 'binh.ndjson')];
  const cli = (args: string[]) => runCliAsync(args, { cwd: dir });

  beforeAll(async () => {
    expect((await cli(['key', 'new', '--name', 'Nguyễn Thị An', '--unit', SO_NOI_VU, '--out', anKey])).code).toBe(0);
    expect((await cli(['key', 'new', '--name', 'Trần Văn Bình', '--unit', SO_TU_PHAP, '--out', binhKey])).code).toBe(0);
    const [an, binh] = [await readKeyFile(anKey), await readKeyFile(binhKey)];
    db = await openDatabase(undefined);
    await initProvince(db, { province: { code: '83', name: 'Tỉnh Bến Tre' }, agency: { id: 'snv', officialName: SO_NOI_VU }, admin: { id: 'an', fullName: 'Nguyễn Thị An', publicKey: an.publicKey } });
    app = await buildServiceApp({ db });
    url = await listen(app);
    proxy = new ServiceProxy(url);
    proxyIn(proxy, () => mode);
    proxied = await listen(proxy.server);
    const admin = new ServiceClient(url, an);
    await admin.createAgency({ id: 'stp', officialName: SO_TU_PHAP, level: 'department' });
    await admin.createPerson({ id: 'binh', agencyId: 'stp', fullName: 'Trần Văn Bình', publicKey: binh.publicKey, role: 'staff' });
    await admin.createPlan({ id: 'kh-2021', ownerAgencyId: 'snv', scope: 'province', title: 'Kế hoạch CCHC năm 2021', periodFrom: '2021-01-01', periodTo: '2021-12-31' });
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.server.close(resolve));
    await app?.close();
    await db?.close();
  });

  it('the administrator clones the empty plan, imports and enrols offline, and pushes: the events land and come back into her copy', async () => {
    const cloned = await cli(['clone', '--server', url, '--plan', 'kh-2021', '--key', anKey, '--out', a]);
    expect(besidesNoLogWarning(cloned.stderr)).toBe('');
    expect(cloned.stderr).toContain('has no transparency log');
    expect(cloned.code).toBe(0);
    expect(cloned.stdout).toContain('0 ghi nhận / events');

    expect((await cli(['import', SAMPLE, '--ledger', a, ...AN, '--key', anKey])).code).toBe(0);
    const enrolled = await cli(['key', 'enroll', a, '--request', `${binhKey}.request.json`, '--key', anKey]);
    expect(enrolled.stdout).toContain('chờ đồng bộ / saved, waiting to sync');
    expect(readFileSync(a, 'utf8')).toBe(''); // only the service writes the copy
    expect(linesOf(`${a}.pending.ndjson`)).toHaveLength(3); // her own enrolment, the plan, Bình's enrolment

    const pushed = await cli(['push', a, '--key', anKey]);
    expect(pushed.stderr).toBe('');
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain('3 được ghi vào sổ trên máy chủ / placed');
    expect(pushed.stdout).toContain('3 đã vào bản sao này / now in this copy');
    expect(readFileSync(`${a}.pending.ndjson`, 'utf8')).toBe('');
    expect((await cli(['verify', a])).code).toBe(0);
    const served = await new ServiceClient(url, await readKeyFile(anKey)).pullAll('kh-2021');
    expect(linesOf(a)).toEqual(served.lines); // byte for byte as the service stores them
  });

  it('two clones record on the same head and sync: both land, the second rebased, and the two copies end byte-identical', async () => {
    expect((await cli(['clone', '--server', url, '--plan', 'kh-2021', '--key', binhKey, '--out', b])).code).toBe(0);
    expect(linesOf(b)).toEqual(linesOf(a));
    // Offline, one after the other on the same head (seq 3).
    expect((await cli(['record', a, '--item', '1.1', '--status', 'in_progress', '--effective', '2021-02-01', ...AN, '--key', anKey])).code).toBe(0);
    expect((await cli(['record', b, '--item', '2.1', '--status', 'done', '--effective', '2021-03-15', ...BINH, '--key', binhKey])).code).toBe(0);
    expect((await cli(['sync', a, '--key', anKey])).code).toBe(0);
    const second = await cli(['sync', b, '--key', binhKey]);
    expect(besidesNoLogWarning(second.stderr)).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('1 được ghi vào sổ trên máy chủ / placed');
    expect(second.stdout).toContain('1 sẽ vào bản sao khi tải về'); // placed at seq 5, after An's seq 4
    expect((await cli(['pull', a, '--key', anKey])).code).toBe(0);
    expect(linesOf(a)).toHaveLength(5);
    expect(readFileSync(b)).toEqual(readFileSync(a));
    expect((await cli(['verify', b])).code).toBe(0);
  });

  it('an event recorded offline before one another client pushed first is stamped again and lands (the chain never goes back in time)', async () => {
    expect((await cli(['record', b, '--item', '2.2', '--status', 'in_progress', '--effective', '2021-03-01', ...BINH, '--key', binhKey])).code).toBe(0);
    expect((await cli(['record', a, '--item', '1.2', '--status', 'in_progress', '--effective', '2021-03-01', ...AN, '--key', anKey])).code).toBe(0);
    expect((await cli(['sync', a, '--key', anKey])).code).toBe(0);
    const late = await cli(['sync', b, '--key', binhKey]);
    expect(besidesNoLogWarning(late.stderr)).toBe('');
    expect(late.code).toBe(0);
    expect(late.stdout).toContain('1 ghi sớm hơn các ghi nhận vừa được người khác đẩy lên');
    expect(readFileSync(`${b}.pending.ndjson`, 'utf8')).toBe('');
    const [anEvent, binhEvent] = linesOf(b).slice(-2).map((l) => JSON.parse(l) as { at: string; actor: { name: string } });
    expect(anEvent!.actor.name).toBe('Nguyễn Thị An');
    expect(binhEvent!.actor.name).toBe('Trần Văn Bình');
    expect(binhEvent!.at).toBe(anEvent!.at);
    expect((await cli(['verify', b])).code).toBe(0);
  });

  it("an event on another agency's item is refused: kept in the refused file with the reason, shown to its author, the copy unchanged", async () => {
    const before = readFileSync(b);
    expect((await cli(['record', b, '--item', '6.1', '--status', 'done', '--effective', '2021-03-20', ...BINH, '--key', binhKey])).code).toBe(0);
    const pushed = await cli(['push', b, '--key', binhKey]);
    expect(pushed.code).toBe(1);
    expect(pushed.stderr).toContain('Bị máy chủ từ chối / refused by the service: status.changed 6.1');
    expect(pushed.stderr).toMatch(/Lý do: .+\(mã lỗi forbidden\)/);
    expect(pushed.stderr).toMatch(/Reason: .+\(code forbidden\)/);
    expect(readFileSync(`${b}.pending.ndjson`, 'utf8')).toBe('');
    const [refused] = linesOf(`${b}.refused.ndjson`).map((l) => JSON.parse(l) as { error: { code: string; vi: string; en: string }; event: { data: { item: string } } });
    expect(refused!.error.code).toBe('forbidden');
    expect(refused!.event.data.item).toBe('6.1');
    expect(readFileSync(b)).toEqual(before);
    const log = await cli(['log', b]);
    expect(log.stdout).toContain('0 chờ đồng bộ / pending, 1 bị từ chối / refused');
  });

  it('a push whose answer is lost, then retried, records each event once', async () => {
    expect((await cli(['record', b, '--item', '2.3', '--status', 'done', '--effective', '2021-03-25', ...BINH, '--key', binhKey])).code).toBe(0);
    const [pending] = idsOf(`${b}.pending.ndjson`);
    mode = 'lose-push-answer';
    const lost = await cli(['push', b, '--server', proxied, '--key', binhKey]);
    mode = 'pass';
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('không mất gì');
    expect(idsOf(`${b}.pending.ndjson`)).toEqual([pending]); // still pending: the answer never came
    // The service did place it: a second push finds it there.
    const retried = await cli(['push', b, '--key', binhKey]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('0 được ghi vào sổ trên máy chủ / placed, 1 đã có từ trước / already there');
    expect((await cli(['pull', b, '--key', binhKey])).code).toBe(0);
    expect(idsOf(b).filter((id) => id === pending)).toHaveLength(1);
    expect(readFileSync(`${b}.pending.ndjson`, 'utf8')).toBe('');
    expect((await cli(['pull', a, '--key', anKey])).code).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
  });

  it('a push whose answer is lost, then a pull: the event comes into the copy once and leaves the pending file', async () => {
    expect((await cli(['record', b, '--item', '2.4', '--status', 'in_progress', '--effective', '2021-03-26', ...BINH, '--key', binhKey])).code).toBe(0);
    const [pending] = idsOf(`${b}.pending.ndjson`);
    mode = 'lose-push-answer';
    expect((await cli(['push', b, '--server', proxied, '--key', binhKey])).code).toBe(1);
    mode = 'pass';
    expect((await cli(['pull', b, '--key', binhKey])).code).toBe(0);
    expect(idsOf(b).filter((id) => id === pending)).toHaveLength(1);
    expect(readFileSync(`${b}.pending.ndjson`, 'utf8')).toBe('');
    expect((await cli(['pull', a, '--key', anKey])).code).toBe(0);
  });

  it("a service whose history does not continue the copy (another plan's shorter chain) is an error that changes nothing", async () => {
    await new ServiceClient(url, await readKeyFile(anKey)).createPlan({ id: 'kh-khac', ownerAgencyId: 'snv', scope: 'province', title: 'Kế hoạch khác', periodFrom: '2021-01-01', periodTo: '2021-12-31' });
    const other = join(dir, 'khac.ndjson');
    copyFileSync(b, other);
    const state = JSON.parse(readFileSync(`${b}.sync.json`, 'utf8')) as Record<string, unknown>;
    writeFileSync(`${other}.sync.json`, JSON.stringify({ ...state, plan: 'kh-khac' }));
    const before = [other, `${other}.sync.json`].map((f) => readFileSync(f));
    const pulled = await cli(['pull', other, '--key', binhKey]);
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toContain("The service's history does not continue the local copy");
    expect([other, `${other}.sync.json`].map((f) => readFileSync(f))).toEqual(before);
  });

  it('a pulled line changed on the way is refused, and nothing is appended', async () => {
    expect((await cli(['record', a, '--item', '1.3', '--status', 'done', '--effective', '2021-04-01', ...AN, '--key', anKey])).code).toBe(0);
    expect((await cli(['push', a, '--key', anKey])).code).toBe(0);
    const before = [b, `${b}.sync.json`].map((f) => readFileSync(f));
    mode = 'tamper-pull';
    const tampered = await cli(['pull', b, '--server', proxied, '--key', binhKey]);
    mode = 'pass';
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('Lịch sử trên máy chủ không nối tiếp bản sao trên máy này');
    expect(tampered.stderr).toContain('Nothing was appended');
    expect([b, `${b}.sync.json`].map((f) => readFileSync(f))).toEqual(before);
    expect((await cli(['pull', b, '--key', binhKey])).code).toBe(0);
    expect(readFileSync(b)).toEqual(readFileSync(a));
  });

  it('cchc report --server builds the consolidated report from what the service serves: the province plan counts as the report of the pulled copy does', async () => {
    expect((await cli(['pull', a, '--server', url, '--key', anKey])).code).toBe(0);
    const single = await cli(['report', a, '--period', '2021-Y', '--out', join(dir, 'mot-so.xlsx')]);
    expect(single.code).toBe(0);
    const done = /hoàn thành (\d+\/\d+ [^,]+, đạt [\d,]+%)/.exec(single.stdout)![1];
    const province = await cli(['report', '--server', url, '--key', anKey, '--period', '2021-Y', '--out', join(dir, 'tinh.xlsx')]);
    expect(province.stderr).toBe('');
    expect(province.code).toBe(0);
    expect(province.stdout).toContain(`kế hoạch của tỉnh (kh-2021): hoàn thành ${done}`);
    expect(readFileSync(join(dir, 'tinh.docx')).subarray(0, 2).toString()).toBe('PK');
    // The service's kept figures and every ledger pulled, verified and replayed here give the same bytes.
    const knownAt = new Date().toISOString();
    const kept = await cli(['report', '--server', url, '--key', anKey, '--period', '2021-Y', '--known-at', knownAt, '--out', join(dir, 'tinh-giu.xlsx')]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toMatch(/số liệu dịch vụ giữ cho \d+ sổ/);
    const checked = await cli(['report', '--server', url, '--key', anKey, '--period', '2021-Y', '--known-at', knownAt, '--full-check', '--out', join(dir, 'tinh-kiem.xlsx')]);
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/\d+ sổ tải về, kiểm tra mọi chữ ký và tính lại trên máy này/);
    for (const ext of ['xlsx', 'docx']) expect(readFileSync(join(dir, `tinh-kiem.${ext}`))).toEqual(readFileSync(join(dir, `tinh-giu.${ext}`)));
    const misused = await cli(['report', a, '--full-check', '--period', '2021-Y']);
    expect(misused.code).toBe(2);
    expect(misused.stderr).toContain('--full-check chỉ dùng với --server');
    // Without a key the service cannot be asked: a usage error, nothing written.
    const keyless = await cli(['report', '--server', url, '--period', '2021-Y', '--out', join(dir, 'khong-khoa.xlsx')]);
    expect(keyless.code).toBe(2);
    expect(existsSync(join(dir, 'khong-khoa.xlsx'))).toBe(false);
  });
});

describe('a clone of a service that cannot be reached', () => {
  it('says that nothing was written, in both languages, and leaves no file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-clone-unreachable-'));
    const key = join(dir, 'an.key');
    expect((await runCliAsync(['key', 'new', '--name', 'Nguyễn Thị An', '--unit', SO_NOI_VU, '--out', key], { cwd: dir })).code).toBe(0);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const out = join(dir, 'copy.ndjson');
    const cloned = await runCliAsync(['clone', '--server', `http://127.0.0.1:${port}`, '--plan', 'kh-2021', '--key', key, '--out', out], { cwd: dir });
    expect(cloned.code).toBe(1);
    expect(cloned.stderr).toContain(`Không tệp nào được ghi: ${out} chưa được tạo. Chạy lại khi kết nối được.`);
    expect(cloned.stderr).toContain(`Nothing was written: ${out} was not created. Run it again once connected.`);
    expect(cloned.stderr).not.toContain('keeps what it had');
    expect(readdirSync(dir).filter((name) => name.startsWith('copy'))).toEqual([]);
  });
});
