import { hexToBytes } from '@noble/hashes/utils.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#digest';
import { cellAddress } from '../../addin/excel/a1.ts';
import { MemoryHost, cellOf, type MemoryWorkbook } from '../../addin/excel/memory-host.ts';
import { memoryWorkbookFromXlsx, memoryWorkbookToXlsx } from '../../addin/excel/memory-workbook-xlsx.ts';
import { SyncedPaneApp } from '../../addin/app/pane-sync.ts';
import type { PaneNetwork } from '../../addin/app/pane-service.ts';
import { readShelf, SYNC_SHEET_NAME, writeShelf } from '../../addin/app/sync-shelf.ts';
import { signerOfSeed } from '../../cli/key-file.ts';
import { GENESIS_HASH } from '../../ledger/events.ts';
import { LEDGER_SHEET_NAME } from '../../ledger/stores/sheet-rows.ts';
import { toBase64 } from '../../ledger/tlog/base64.ts';
import { openCheckpoint, signCheckpoint } from '../../ledger/tlog/checkpoint.ts';
import { ed25519Cosigner } from '../../ledger/tlog/cosignature.ts';
import { logLeafHash } from '../../ledger/tlog/log-leaf.ts';
import { MemoryTree } from '../../ledger/tlog/memory-tree.ts';
import { treeHead } from '../../ledger/tlog/merkle-proof.ts';
import { ed25519NoteSigner, ed25519NoteVerifier, formatVerifierKey, parseNote, SIGNATURE_TYPE, signatureLine } from '../../ledger/tlog/signed-note.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { initProvince } from '../../server/province-init.ts';
import { latestCheckpoint, logVerifierKey, signNewCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import { leavesFrom } from '../../server/transparency/log-proofs.ts';
import { transparencyPlugin } from '../../server/transparency/transparency-plugin.ts';
import { injectFetch } from '../server/support/service-fixture.ts';
import { logKey, ORIGIN } from '../sync/support/logged-province.ts';
import { computer, fixtureWorkbook, NOW, openPane, roundTrips, settle } from './pane-harness.ts';

const SERVICE = 'http://service.test';
const UNIT = 'Văn phòng Sở Giáo dục và Đào tạo';
const LAN = { name: 'Nguyễn Thị Lan', unit: UNIT };
const BINH = { name: 'Trần Văn Bình', unit: UNIT };
const PLAN = 'kh-sgddt-2022';
/** The province's witnesses (the inspectorate, the data centre): what they cosign, and the vkey a user types to trust them. */
const WITNESSES = ['thanhtra.gialai.example/nhan-chung', 'ttdl.gialai.example/nhan-chung'].map((name) => {
  const signer = signerOfSeed(hexToBytes(sha256Hex(`cchc test: ${name}`)));
  return { name, cosigner: ed25519Cosigner(name, signer), vkey: formatVerifierKey(name, SIGNATURE_TYPE.cosignatureV1, hexToBytes(signer.publicKey)) };
});

type Mode = 'pass' | 'offline' | 'lose-push-answer';

/**
 * The network between a pane and the service (fastify's inject: the whole HTTP stack, no socket):
 * passes, is down, or loses the answer to a push after the service acted on it; `hostile` answers a
 * path itself, as a lying service would. It counts requests.
 */
class TestNetwork implements PaneNetwork {
  mode: Mode = 'pass';
  hostile: (path: string) => Promise<string | undefined> = async () => undefined;
  requests = 0;
  private readonly listeners = new Set<() => void>();
  constructor(private readonly app: FastifyInstance) {}
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    this.requests++;
    if (this.mode === 'offline') throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND service.test') });
    const url = new URL(String(input));
    const own = await this.hostile(url.pathname + url.search);
    if (own !== undefined) return new Response(own, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    const response = await injectFetch(this.app)(input, init);
    if (this.mode === 'lose-push-answer' && init?.method === 'POST') throw new TypeError('fetch failed', { cause: new Error('socket hang up') });
    return response;
  }) as typeof fetch;
  online = () => this.mode !== 'offline';
  onReconnect(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  reconnect(): void {
    this.mode = 'pass';
    for (const listener of this.listeners) listener();
  }
}

async function syncedPane(host: MemoryHost, pc: ReturnType<typeof computer>, network: TestNetwork, downloads: Array<{ name: string; bytes: Uint8Array }> = []): Promise<SyncedPaneApp> {
  const app = new SyncedPaneApp({
    host,
    settings: pc.settings,
    openLocal: pc.openLocal,
    signer: pc.signer,
    clock: () => NOW,
    documentName: 'gialai-sgddt-2022-phuluc.xlsx',
    download: (name, bytes) => downloads.push({ name, bytes }),
    network,
    syncDelayMs: 0,
  });
  await app.start();
  await app.settled();
  return app;
}

/** The user types in a tracking cell, and the pane records it (and syncs, when it can). */
async function edit(app: SyncedPaneApp, host: MemoryHost, item: string, field: 'status' | 'progressNote', value: string): Promise<void> {
  const binding = app.model.binding!;
  host.userEdit(binding.sheet, cellAddress(binding.rows[item]! - 1, binding.columns[field] - 1), [[value]]);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await app.settled();
}

const ledgerRows = (workbook: MemoryWorkbook) => workbook.sheet(LEDGER_SHEET_NAME)!.values.length - 1;
const copyOf = async (workbook: MemoryWorkbook) => memoryWorkbookFromXlsx(await memoryWorkbookToXlsx(workbook));

describe('the pane syncs with the province service (PGlite) and witnesses its log', () => {
  let db: Database;
  let app: FastifyInstance;
  let served: () => Promise<string[]>;
  let servedOf: (plan: string) => Promise<string[]>;
  const lan = computer();
  const binh = computer();

  beforeAll(async () => {
    const [lanKey, binhKey] = [await lan.signer(), await binh.signer()];
    db = await openDatabase(undefined);
    const admin = computer();
    const adminKey = await admin.signer();
    await initProvince(db, { province: { code: '64', name: 'Tỉnh Gia Lai' }, agency: { id: 'snv', officialName: 'Sở Nội vụ tỉnh Gia Lai' }, admin: { id: 'an', fullName: 'Nguyễn Thị An', publicKey: adminKey.publicKey } });
    const witnesses = WITNESSES.map((w) => w.vkey);
    app = await buildServiceApp({ db, plugins: [{ plugin: transparencyPlugin, options: { db, logKey, checkpointIntervalMs: 0, witnesses } }] });
    const province = new ServiceClient(SERVICE, adminKey, injectFetch(app));
    await province.createAgency({ id: 'sgddt', officialName: UNIT, level: 'department' });
    await province.createPerson({ id: 'lan', agencyId: 'sgddt', fullName: LAN.name, publicKey: lanKey.publicKey, role: 'agency-admin' });
    await province.createPerson({ id: 'binh', agencyId: 'sgddt', fullName: BINH.name, publicKey: binhKey.publicKey, role: 'staff' });
    const agencyAdmin = new ServiceClient(SERVICE, lanKey, injectFetch(app));
    for (const id of [PLAN, 'kh-truoc-khi-nhap', 'kh-nhan-chung', 'kh-ngat-ket-noi', 'kh-doi-dich-vu', 'kh-doi-nhan-chung']) {
      await agencyAdmin.createPlan({ id, ownerAgencyId: 'sgddt', scope: 'agency', title: 'Kế hoạch CCHC năm 2022', periodFrom: '2022-01-01', periodTo: '2022-12-31' });
    }
    servedOf = async (plan) => (await province.pullAll(plan)).lines;
    served = () => servedOf(PLAN);
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  let workbook: MemoryWorkbook;
  let host: MemoryHost;
  let pane: SyncedPaneApp;
  const network = () => new TestNetwork(app);
  let net: TestNetwork;

  it('connected after the import, the pane pushes the workbook’s ledger; each recording then lands by itself', async () => {
    workbook = await fixtureWorkbook();
    host = new MemoryHost(workbook);
    net = network();
    pane = await syncedPane(host, lan, net);
    pane.setActor(LAN.name, LAN.unit);
    await pane.readTable();
    await pane.importPlan();
    expect(pane.sync.status).toBe('disconnected');

    // The workbook's ledger is read whole once to join (checked and compared with the plan's), then opened again connected (read to verify, then to replay).
    const read = host.read.bind(host);
    let ledgerReads = 0;
    host.read = async (requests) => {
      ledgerReads += requests.filter((r) => r.sheet === LEDGER_SHEET_NAME && r.rect?.row === 1).length;
      return read(requests);
    };
    await pane.connect(`${SERVICE}/`, PLAN);
    host.read = read;
    expect(ledgerReads).toBe(3);
    expect(pane.model.notes[0]).toMatchObject({ kind: 'saved' });
    expect(pane.model.notes[0]!.vi).toContain('2 ghi nhận gửi lên');
    expect(pane.sync).toMatchObject({ server: SERVICE, plan: PLAN, status: 'idle', pending: [] });
    const sheetLines = async () => (await served()).length;
    expect(await sheetLines()).toBe(2);
    // Its ledger is now that plan's copy: it is not pushed to another plan while connected.
    await pane.connect(SERVICE, 'kh-truoc-khi-nhap');
    expect(pane.model.notes[0]).toMatchObject({ kind: 'refused' });
    expect(pane.model.notes[0]!.en).toContain('disconnect it before connecting it to another plan or service');
    expect(pane.sync.plan).toBe(PLAN);

    const [item] = Object.keys(pane.model.binding!.rows);
    await edit(pane, host, item!, 'status', 'Đang thực hiện');
    expect(pane.model.notes.some((n) => n.kind === 'saved' && n.vi.includes('Đang thực hiện'))).toBe(true);
    expect(pane.sync.pending).toEqual([]);
    expect(pane.sync.lastSyncAt).toBe(NOW.toISOString());
    const lines = await served();
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!)).toMatchObject({ type: 'status.changed', data: { item, status: 'in_progress' } });
    // The workbook's ledger sheet holds what the service placed, byte for byte as served.
    expect(ledgerRows(workbook)).toBe(3);
    expect(pane.ledger!.state.count).toBe(3);
    const shelf = await readShelf(host);
    expect(shelf.state).toMatchObject({ server: SERVICE, plan: PLAN, syncedSeq: 3 });
    expect(workbook.sheet(SYNC_SHEET_NAME)!.visibility).toBe('veryHidden');
  });

  it('offline, recording goes on (kept in the workbook as pending, across reopening); on reconnecting it is pushed', async () => {
    const [, item] = Object.keys(pane.model.binding!.rows);
    net.mode = 'offline';
    await edit(pane, host, item!, 'progressNote', 'Đã họp triển khai');
    expect(pane.model.notes[0]).toMatchObject({ kind: 'saved' });
    expect(pane.ledger!.state.count).toBe(4);
    expect(pane.sync.pending).toHaveLength(1);
    expect(pane.sync.pending[0]).toMatchObject({ type: 'progress.noted', row: pane.model.binding!.rows[item!] });
    expect(pane.sync.status).toBe('offline');
    expect(await served()).toHaveLength(3);
    await pane.syncNow();
    expect(pane.sync.status).toBe('offline');
    expect(pane.sync.problem!.en).toContain('Cannot reach the service');
    expect(pane.model.notes.filter((n) => n.kind === 'error')).toEqual([]);

    // Closed and opened again, still offline: the pending event is in the workbook.
    await pane.stop();
    pane = await syncedPane(host, lan, net);
    expect(pane.ledger!.state.count).toBe(4);
    expect(pane.sync.pending).toHaveLength(1);
    expect(ledgerRows(workbook)).toBe(3);

    net.reconnect();
    await pane.settled();
    expect(pane.sync.pending).toEqual([]);
    expect(pane.sync.status).toBe('idle');
    expect(await served()).toHaveLength(4);
    expect(ledgerRows(workbook)).toBe(4);
  });

  it('a push whose answer is lost is sent again and recorded once', async () => {
    const [, , item] = Object.keys(pane.model.binding!.rows);
    net.mode = 'lose-push-answer';
    await edit(pane, host, item!, 'progressNote', 'Đang dự thảo');
    expect(pane.sync.pending).toHaveLength(1);
    expect(pane.sync.status).toBe('offline');
    expect(await served()).toHaveLength(5); // the service did place it
    net.mode = 'pass';
    await pane.syncNow();
    expect(pane.sync.pending).toEqual([]);
    const ids = (await served()).map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(ledgerRows(workbook)).toBe(5);
    expect(pane.ledger!.state.count).toBe(5);
  });

  it('an event the service refuses is shown to its author with the reason, and its cell is marked', async () => {
    // Lan enrols Bình; Bình opens a copy of the workbook (its sync state travels with it).
    const binhFirst = new MemoryHost(await copyOf(workbook));
    let binhPane = await syncedPane(binhFirst, binh, net);
    binhPane.setActor(BINH.name, BINH.unit);
    await pane.enrollKey(JSON.stringify(binhPane.model.key!.request), 'member');
    await pane.settled();
    expect(await served()).toHaveLength(6);
    await binhPane.syncNow();
    expect(binhPane.model.key!.standing).toBe('member');

    // Both mark the same item under way; Bình offline.
    const items = Object.keys(pane.model.binding!.rows);
    const item = items[3]!;
    net.mode = 'offline';
    await edit(binhPane, binhFirst, item, 'status', 'Đang thực hiện');
    expect(binhPane.sync.pending).toHaveLength(1);
    net.mode = 'pass';
    await edit(pane, host, item, 'status', 'Đang thực hiện');
    expect(await served()).toHaveLength(7);

    await binhPane.syncNow();
    expect(binhPane.sync.pending).toEqual([]);
    expect(binhPane.sync.refused).toHaveLength(1);
    const row = binhPane.model.binding!.rows[item]!;
    expect(binhPane.sync.refused[0]).toMatchObject({ mine: true, type: 'status.changed', row, actor: BINH.name });
    expect(binhPane.sync.refused[0]!.vi).toContain('đã ở trạng thái');
    const told = binhPane.model.notes.find((n) => n.kind === 'refused')!;
    expect(told.vi).toContain(`Dòng ${row}`);
    expect(told.vi).toContain('dịch vụ của tỉnh từ chối');
    expect(told.en).toContain('is already "in_progress"');
    const sheet = binhFirst.workbook.sheet(binhPane.model.binding!.sheet)!;
    const statusCol = binhPane.model.binding!.columns.status - 1;
    expect(sheet.styles.some((s) => s.rect.row === row - 1 && s.rect.col === statusCol && s.style.fill === '#F8D7DA')).toBe(true);
    expect(await served()).toHaveLength(7);
    // Kept in the workbook: reopened, the refusal is still listed.
    await binhPane.stop();
    binhPane = await syncedPane(binhFirst, binh, net);
    expect(binhPane.sync.refused).toHaveLength(1);
    expect(cellOf(sheet, row - 1, statusCol)).toBe('Đang thực hiện');
    await binhPane.stop();
  });

  it('connected before the import, the import and what follows are pushed as the plan’s first events', async () => {
    const fresh = new MemoryHost(await fixtureWorkbook());
    const early = await syncedPane(fresh, lan, network());
    early.setActor(LAN.name, LAN.unit);
    await early.connect(SERVICE, 'kh-truoc-khi-nhap');
    expect(early.sync).toMatchObject({ plan: 'kh-truoc-khi-nhap', status: 'idle' });
    await early.readTable();
    await early.importPlan();
    await early.settled();
    expect(early.sync.pending).toEqual([]);
    const lines = (await new ServiceClient(SERVICE, await lan.signer(), injectFetch(app)).pullAll('kh-truoc-khi-nhap')).lines;
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['key.enrolled', 'plan.imported']);
    expect(ledgerRows(fresh.workbook)).toBe(2);
    expect(early.model.phase).toBe('bound');
    await early.stop();
  });

  it('round trips to Excel: the syncing pane opens a connected workbook with 3 more than the pane without sync, and a recording writes the sync sheet instead of the ledger sheet', async () => {
    const offline = network();
    offline.mode = 'offline';
    const counted = async (connected: boolean) => {
      const book = new MemoryHost(await fixtureWorkbook());
      const first = await syncedPane(book, lan, offline);
      first.setActor(LAN.name, LAN.unit);
      await first.readTable();
      await first.importPlan();
      if (connected) await writeShelf(book, { state: { server: SERVICE, plan: 'p', syncedSeq: 0, syncedHash: GENESIS_HASH, lastSyncAt: null }, pending: [], refused: [], evidence: null, disconnectedAt: null });
      await first.stop();
      const since = roundTrips(book);
      const reopened = connected ? await syncedPane(book, lan, offline) : await openPane(book, lan);
      const opening = since();
      const [item] = Object.keys(reopened.model.binding!.rows);
      book.userEdit(reopened.model.binding!.sheet, cellAddress(reopened.model.binding!.rows[item!]! - 1, reopened.model.binding!.columns.status - 1), [['Đang thực hiện']]);
      await settle(reopened);
      const recording = since();
      expect(reopened.ledger!.state.count).toBe(3);
      await reopened.stop();
      return { opening, recording };
    };
    const alone = await counted(false);
    const connected = await counted(true);
    expect(connected.opening).toBe(alone.opening + 3);
    expect(alone.recording).toBe(2);
    expect(connected.recording).toBe(4);
  });

  it('a recording kept pending and the workbook closed unsaved: this computer writes it back on opening, and it is pushed', async () => {
    const saved = await copyOf(workbook);
    const [, , , , , , item] = Object.keys(pane.model.binding!.rows);
    net.mode = 'offline';
    await edit(pane, host, item!, 'progressNote', 'Ghi khi chưa lưu bảng tính');
    expect(pane.sync.pending).toHaveLength(1);
    await pane.stop();

    // The file as last saved, before that recording, opened again on the same computer.
    const again = new MemoryHost(saved);
    let reopened = await syncedPane(again, lan, net);
    expect(reopened.sync.pending).toHaveLength(1);
    expect(reopened.model.notes.some((n) => n.kind === 'info' && n.en.includes('1 pending entries saved on this computer'))).toBe(true);
    expect((await readShelf(again)).pending).toHaveLength(1);
    net.reconnect();
    await reopened.settled();
    expect(reopened.sync.pending).toEqual([]);
    const lines = await served();
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'progress.noted', data: { item, note: 'Ghi khi chưa lưu bảng tính' } });
    await reopened.stop();
    // The original workbook, opened again, finds the event placed (pulled), not pending twice.
    reopened = await syncedPane(host, lan, net);
    expect(reopened.sync.pending).toEqual([]);
    expect(ledgerRows(workbook)).toBe(lines.length);
    expect(reopened.model.notes.filter((n) => n.en.includes('pending entries saved on this computer'))).toEqual([]);
    pane = reopened;
  });

  it('a log that rewrote its history raises the alarm naming both checkpoints, keeps the evidence, and stops syncing', async () => {
    const downloads: Array<{ name: string; bytes: Uint8Array }> = [];
    await pane.stop();
    pane = await syncedPane(host, lan, net, downloads);
    await signNewCheckpoint(db, logKey);
    await pane.syncNow();
    const honest = (await latestCheckpoint(db))!;
    const remembered = (await readShelf(host)).state!.checkpoint!;
    expect(remembered).toBe(honest.note);

    // The same size, another root: the first event changed, signed with the log key itself.
    const leaves = await leavesFrom(db, 0, honest.size);
    const tree = new MemoryTree();
    leaves.forEach((leaf, i) => tree.append(logLeafHash(i === 0 ? { ...leaf, line: leaf.line.replace('"role":"admin"', '"role":"member"') } : leaf)));
    const root = await treeHead(honest.size, tree.source);
    const forged = await signCheckpoint({ origin: ORIGIN, size: honest.size, root, extensions: [] }, [ed25519NoteSigner(ORIGIN, logKey.signer)]);
    net.hostile = async (path) => (path === '/log/checkpoint' ? forged : undefined);

    const [, , , , item] = Object.keys(pane.model.binding!.rows);
    const before = ledgerRows(workbook);
    await edit(pane, host, item!, 'progressNote', 'Ghi khi nhật ký bị viết lại');
    expect(pane.sync.status).toBe('stopped');
    expect(pane.sync.alarm).not.toBeNull();
    expect(pane.sync.alarm!.previous).toContain(`${ORIGIN}, ${honest.size} mục / leaves, gốc / root ${honest.note.split('\n')[2]}`);
    expect(pane.sync.alarm!.offered).toContain(`gốc / root ${toBase64(root)}`);
    const alarm = pane.model.notes.find((n) => n.kind === 'error')!;
    expect(alarm.vi).toContain('CẢNH BÁO');
    expect(alarm.en).toContain('was rewritten or forked');
    // Nothing appended; the recording is kept, pending.
    expect(ledgerRows(workbook)).toBe(before);
    expect(pane.sync.pending).toHaveLength(1);
    const shelf = await readShelf(host);
    expect(shelf.evidence).toMatchObject({ code: 'inconsistent', previous: honest.note, offered: forged, server: SERVICE, plan: PLAN });
    expect(shelf.state!.checkpoint).toBe(honest.note);

    pane.downloadEvidence();
    expect(downloads).toHaveLength(1);
    const evidence = JSON.parse(new TextDecoder().decode(downloads[0]!.bytes)) as { previous: string; offered: string; proof: string[] };
    expect(evidence).toMatchObject({ previous: honest.note, offered: forged, proof: [] });
    // Both checkpoints verify with the log's key: the inspector can check them offline.
    const verifier = ed25519NoteVerifier(ORIGIN, hexToBytes(logKey.signer.publicKey));
    expect(openCheckpoint(evidence.previous, ORIGIN, verifier).checkpoint.size).toBe(openCheckpoint(evidence.offered, ORIGIN, verifier).checkpoint.size);

    // Syncing stays stopped: no request is made, even when the service behaves again.
    net.hostile = async () => undefined;
    const asked = net.requests;
    await pane.syncNow();
    await edit(pane, host, item!, 'progressNote', 'Ghi thêm');
    expect(net.requests).toBe(asked);
    expect(pane.sync.status).toBe('stopped');
    expect(pane.sync.pending).toHaveLength(2);
    await pane.stop();
  });

  it('with witnesses trusted at connection (k of n, in the sync shelf), each sync says whether its head is final, in the command line’s words; bad keys are refused', async () => {
    const book = new MemoryHost(await fixtureWorkbook());
    let witnessed = await syncedPane(book, lan, network());
    witnessed.setActor(LAN.name, LAN.unit);
    await witnessed.readTable();
    await witnessed.importPlan();
    const [one, two] = WITNESSES as [(typeof WITNESSES)[0], (typeof WITNESSES)[0]];
    const both = `${one.vkey}\n  ${two.vkey}\n\n`;
    const refusals = [
      { vkeys: `${one.vkey}\nthanhtra.gialai.example/nhan-chung`, needed: '', en: 'it needs three parts' },
      { vkeys: `${one.vkey}\nthanhtra.gialai.example/nhan-chung+00000000+AAAA`, needed: '', en: 'the key material must be 1 + 32 bytes' },
      { vkeys: `${one.vkey}\n${one.vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')}`, needed: '', en: 'the key ID does not match' },
      { vkeys: logVerifierKey(logKey), needed: '', en: 'is not a witness cosignature key' },
      { vkeys: both, needed: '3', en: 'must be between 1 and 2' },
      { vkeys: '', needed: '1', en: 'needs at least one trusted witness key' },
      { vkeys: both, needed: 'hai', en: 'must be a positive whole number, not "hai"' },
    ];
    for (const { vkeys, needed, en } of refusals) {
      await witnessed.connect(SERVICE, 'kh-nhan-chung', { vkeys, needed });
      expect(witnessed.model.notes[0]).toMatchObject({ kind: 'refused' });
      expect(witnessed.model.notes[0]!.en).toContain(en);
      expect(witnessed.model.notes[0]!.en).toMatch(/^Not connected: /);
      expect(witnessed.model.notes[0]!.vi).toMatch(/^Chưa kết nối: .*nhân chứng/);
      expect(witnessed.sync.server).toBeNull();
    }
    expect((await readShelf(book)).state).toBeNull();

    // Trusting both (k blank: all); the log has signed nothing over this plan's events yet.
    await witnessed.connect(SERVICE, 'kh-nhan-chung', { vkeys: both, needed: '' });
    expect(witnessed.sync).toMatchObject({ plan: 'kh-nhan-chung', status: 'idle' });
    expect((await readShelf(book)).state).toMatchObject({ witnesses: [one.vkey, two.vkey], witnessesNeeded: 2 });
    const cosign = async (...by: Array<(typeof WITNESSES)[0]>) => {
      const note = (await latestCheckpoint(db))!.note;
      let posted = note;
      for (const { cosigner } of by) posted += signatureLine(cosigner.name, cosigner.keyId, await cosigner.sign(parseNote(note).text));
      const answer = await app.inject({ method: 'POST', url: '/log/cosignature', headers: { 'content-type': 'text/plain' }, payload: posted });
      expect(answer.statusCode).toBe(200);
    };
    const signed = (await signNewCheckpoint(db, logKey))!;
    await witnessed.syncNow();
    expect(witnessed.sync.finality).toEqual({
      final: false,
      vi: 'Chưa chung cuộc: ghi nhận số 2 chưa nằm trong điểm kiểm được 2/2 nhân chứng tin cậy đồng ký (dịch vụ chưa có điểm kiểm như vậy).',
      en: 'Not final yet: event 2 is not in a checkpoint cosigned by 2 of the 2 trusted witnesses (the service has no such checkpoint yet).',
    });
    await cosign(one);
    await witnessed.syncNow();
    expect(witnessed.sync.finality).toMatchObject({ final: false });
    await cosign(two);
    await witnessed.syncNow();
    expect(witnessed.sync.finality).toEqual({
      final: true,
      vi: `Chung cuộc: ghi nhận số 2 nằm trong điểm kiểm ${signed.size} mục được 2/2 nhân chứng tin cậy đồng ký (${one.name}, ${two.name}; cần 2).`,
      en: `Final: event 2 is in the checkpoint of ${signed.size} leaves cosigned by 2 of the 2 trusted witnesses (${one.name}, ${two.name}; 2 needed).`,
    });

    // A recording after it: the new head is not final until the witnesses cosign a checkpoint that holds it.
    const [item] = Object.keys(witnessed.model.binding!.rows);
    await edit(witnessed, book, item!, 'status', 'Đang thực hiện');
    expect(witnessed.sync.pending).toEqual([]);
    expect(witnessed.sync.finality).toMatchObject({ final: false, en: expect.stringContaining(`event 3 is not in a checkpoint cosigned by 2 of the 2 trusted witnesses (the latest cosigned checkpoint has ${signed.size} leaves)`) });

    // Trusting 1 of the 2 (as the shelf keeps it): the one witness that cosigned the newer checkpoint makes it final.
    await witnessed.stop();
    const shelf = await readShelf(book);
    await writeShelf(book, { ...shelf, state: { ...shelf.state!, witnessesNeeded: 1 } });
    await signNewCheckpoint(db, logKey);
    await cosign(two);
    witnessed = await syncedPane(book, lan, network());
    expect(witnessed.sync.finality).toMatchObject({ final: true, en: expect.stringContaining(`cosigned by 1 of the 2 trusted witnesses (${two.name}; 1 needed)`) });
    await witnessed.stop();
  });
  /** A workbook with the plan imported and connected to `plan` (no witnesses), on its own network. */
  async function connectedBook(plan: string) {
    const book = new MemoryHost(await fixtureWorkbook());
    const net = network();
    const app = await syncedPane(book, lan, net);
    app.setActor(LAN.name, LAN.unit);
    await app.readTable();
    await app.importPlan();
    await app.connect(SERVICE, plan);
    expect(app.sync).toMatchObject({ plan, status: 'idle' });
    return { book, net, app, items: Object.keys(app.model.binding!.rows) };
  }

  it('disconnected, recording goes on as pending and nothing is sent (across reopening); connecting again to the plan sends it, the same log still trusted', async () => {
    const plan = 'kh-ngat-ket-noi';
    const { book, net, app, items } = await connectedBook(plan);
    let pane = app;
    const trusted = (await readShelf(book)).state!.logKey;
    expect(trusted).toBeDefined();

    await pane.disconnect();
    expect(pane.sync).toMatchObject({ server: null, plan: null, status: 'disconnected', disconnectedFrom: { server: SERVICE, plan } });
    expect(pane.model.notes[0]).toMatchObject({ kind: 'info', en: expect.stringContaining(`Disconnected from plan ${plan} (${SERVICE})`) });
    expect((await readShelf(book)).disconnectedAt).toBe(NOW.toISOString());
    const requests = net.requests;
    await edit(pane, book, items[0]!, 'status', 'Đang thực hiện');
    expect(pane.model.notes[0]).toMatchObject({ kind: 'saved' });
    expect(pane.ledger!.state.count).toBe(3);
    expect(pane.sync.pending).toHaveLength(1);
    await pane.syncNow();
    expect(net.requests).toBe(requests);
    expect(await servedOf(plan)).toHaveLength(2);

    // Opened again: still disconnected, the entry still pending, nothing sent.
    await pane.stop();
    pane = await syncedPane(book, lan, net);
    expect(pane.sync).toMatchObject({ status: 'disconnected', disconnectedFrom: { server: SERVICE, plan } });
    expect(pane.sync.pending).toHaveLength(1);
    expect(pane.ledger!.state.count).toBe(3);
    expect(net.requests).toBe(requests);

    await pane.connect(SERVICE, plan);
    await pane.settled();
    expect(pane.model.notes.some((n) => n.kind === 'saved' && n.en === `Connected again to plan ${plan} at ${SERVICE}.`)).toBe(true);
    expect(pane.sync).toMatchObject({ server: SERVICE, plan, status: 'idle', pending: [], disconnectedFrom: null });
    expect(await servedOf(plan)).toHaveLength(3);
    const shelf = await readShelf(book);
    expect(shelf.disconnectedAt).toBeNull();
    expect(shelf.state!.logKey).toBe(trusted);
    await pane.stop();
  });

  it('connected, it goes to no other service until disconnected; then another address of the service holding its chain takes it, and its pending entries are sent', async () => {
    const plan = 'kh-doi-dich-vu';
    const MIRROR = 'http://cchc-du-phong.test';
    const { book, app: pane, items } = await connectedBook(plan);
    await pane.connect(MIRROR, plan);
    expect(pane.model.notes[0]).toMatchObject({ kind: 'refused', en: expect.stringContaining('disconnect it before connecting it to another plan or service') });
    expect(pane.sync.server).toBe(SERVICE);

    await pane.disconnect();
    await edit(pane, book, items[1]!, 'progressNote', 'Ghi khi đã ngắt kết nối');
    expect(pane.sync.pending).toHaveLength(1);
    await pane.connect(`${MIRROR}/`, plan);
    expect(pane.model.notes.find((n) => n.kind === 'saved' && n.en.startsWith('Connected'))!.en).toBe(
      `Connected to plan ${plan} at ${MIRROR}: 0 events sent, 0 received, 1 waiting to sync to be sent now.`,
    );
    await pane.settled();
    expect(pane.sync).toMatchObject({ server: MIRROR, plan, status: 'idle', pending: [] });
    const lines = await servedOf(plan);
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2]!)).toMatchObject({ type: 'progress.noted', data: { note: 'Ghi khi đã ngắt kết nối' } });
    expect((await readShelf(book)).state).toMatchObject({ server: MIRROR, plan, syncedSeq: 3 });
    await pane.stop();
  });

  it('the witnesses trusted are changed from the card: bad keys refused and nothing changed; the next sync asks finality of the new ones; none stops asking', async () => {
    const plan = 'kh-doi-nhan-chung';
    const { book, app: pane } = await connectedBook(plan);
    const [one, two] = WITNESSES as [(typeof WITNESSES)[0], (typeof WITNESSES)[0]];
    await signNewCheckpoint(db, logKey);
    await pane.syncNow();
    expect(pane.sync.finality).toBeNull();

    await pane.changeWitnesses({ vkeys: `${one.vkey}\nthanhtra.gialai.example/nhan-chung`, needed: '' });
    expect(pane.model.notes[0]).toMatchObject({ kind: 'refused', en: expect.stringMatching(/^Witnesses not changed: the trusted witnesses are not valid: .*it needs three parts/) });
    expect(pane.model.notes[0]!.vi).toMatch(/^Chưa đổi nhân chứng tin cậy: /);
    expect((await readShelf(book)).state!.witnesses).toBeUndefined();

    await pane.changeWitnesses({ vkeys: `${one.vkey}\n${two.vkey}`, needed: '1' });
    expect(pane.model.notes[0]).toMatchObject({ kind: 'saved', en: '2 trusted witnesses saved, 1 needed to cosign; the next sync says whether the ledger is final.' });
    expect((await readShelf(book)).state).toMatchObject({ witnesses: [one.vkey, two.vkey], witnessesNeeded: 1 });
    expect(pane.sync).toMatchObject({ witnesses: [one.vkey, two.vkey], witnessesNeeded: 1 });
    await pane.settled();
    expect(pane.sync.finality).toMatchObject({ final: false, en: expect.stringContaining('not in a checkpoint cosigned by 1 of the 2 trusted witnesses') });

    await pane.changeWitnesses({ vkeys: '', needed: '' });
    expect(pane.model.notes[0]).toMatchObject({ kind: 'saved', en: expect.stringContaining('Trusted witnesses removed') });
    const state = (await readShelf(book)).state!;
    expect(state.witnesses).toBeUndefined();
    expect(state.witnessesNeeded).toBeUndefined();
    await pane.settled();
    expect(pane.sync).toMatchObject({ finality: null, witnesses: [], witnessesNeeded: null, status: 'idle' });
    await pane.stop();
  });
});
