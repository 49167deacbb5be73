// The consolidated report anchored on the province's service (cchc report --server --anchor): its
// report.issued event on the province's plan, the proof beside each file (the checkpoint, the event's
// inclusion proof and every counted head's), and cchc verify-report checking it offline against the
// exported ledgers, building the report again from them.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readKeyFile } from '../../cli/key-file.ts';
import type { ReportProof } from '../../ledger/tlog/report-proof.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { logVerifierKey, signNewCheckpoint } from '../../server/transparency/checkpoint-signer.ts';
import type { ProvinceManifest } from '../../templates/reports/province-manifest.ts';
import { samplePlan } from '../support/sample-plan.ts';
import { runCliAsync } from '../support/run-cli.ts';
import { newSigner, pendingEvents, type Person } from '../server/support/service-fixture.ts';
import { logKey, SO_NOI_VU, startLoggedProvince, type LoggedProvince } from '../sync/support/logged-province.ts';

describe('a consolidated report anchored on the service, and its proof checked offline', () => {
  let province: LoggedProvince;
  const dir = mkdtempSync(join(tmpdir(), 'cchc-province-proof-'));
  const anKey = join(dir, 'an.key');
  const exported = join(dir, 'so-theo-doi');
  const manifest = join(exported, 'tinh.json');
  const cli = (args: string[]) => runCliAsync(args, { cwd: dir });
  const vkey = logVerifierKey(logKey);
  const [workbook, document] = [join(dir, 'tinh.xlsx'), join(dir, 'tinh.docx')];
  let knownAt: string;

  /** `person` pushes `drafts` to `planId`, signed at the head the service serves. */
  async function pushAs(client: ServiceClient, person: Pick<Person, 'signer'>, planId: string, drafts: Parameters<typeof pendingEvents>[2]) {
    const { lines, head } = await client.pullAll(planId);
    const { results } = await client.push(planId, head, await pendingEvents(lines, person.signer, drafts));
    expect(results.filter((r) => r.outcome !== 'placed')).toEqual([]);
  }

  /** The service's plans as exported (`cchc demo --province` writes the same), with the manifest. */
  async function exportPlans(admin: ServiceClient) {
    mkdirSync(exported, { recursive: true });
    const plans = await admin.plans();
    for (const plan of plans) writeFileSync(join(exported, `${plan.id}.ndjson`), (await admin.pullAll(plan.id)).lines.map((l) => `${l}\n`).join(''));
    const body: ProvinceManifest = {
      province: 'tỉnh Bến Tre',
      // As the report names it: the Sở's name already says its province.
      issuer: SO_NOI_VU,
      agencies: (await admin.agencies()).map(({ id, officialName, level, parentId }) => ({ id, officialName, level, parentId })),
      plans: plans.map((p) => ({ id: p.id, agencyId: p.ownerAgencyId, scope: p.scope, file: `${p.id}.ndjson` })),
    };
    writeFileSync(manifest, `${JSON.stringify(body, null, 2)}\n`);
  }

  /** A command run while the log signs a checkpoint every 200 ms (the service's own timer is off in these tests). */
  async function withCheckpoints<T>(work: Promise<T>): Promise<T> {
    let running = true;
    const signing = (async () => {
      while (running) {
        await signNewCheckpoint(province.db, logKey);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    try {
      return await work;
    } finally {
      running = false;
      await signing;
    }
  }

  beforeAll(async () => {
    province = await startLoggedProvince(cli, anKey);
    const an = await readKeyFile(anKey);
    const admin = new ServiceClient(province.url, an);
    const anActor = { name: 'Nguyễn Thị An', unit: SO_NOI_VU };
    await pushAs(admin, { signer: an }, 'kh-2021', [{ type: 'plan.imported', actor: anActor, data: samplePlan() }]);
    // The Sở Tư pháp and its own plan, with an item done and one in progress.
    const binh = { signer: newSigner(), actor: { name: 'Trần Văn Bình', unit: 'Sở Tư pháp tỉnh Bến Tre' } };
    await admin.createAgency({ id: 'stp', officialName: binh.actor.unit, level: 'department' });
    await admin.createPerson({ id: 'binh', agencyId: 'stp', fullName: binh.actor.name, publicKey: binh.signer.publicKey, role: 'agency-admin' });
    const stp = new ServiceClient(province.url, binh.signer);
    await stp.createPlan({ id: 'stp-2021', ownerAgencyId: 'stp', scope: 'agency', title: 'Kế hoạch CCHC năm 2021 của Sở Tư pháp', periodFrom: '2021-01-01', periodTo: '2021-12-31' });
    await pushAs(stp, binh, 'stp-2021', [
      { type: 'plan.imported', actor: binh.actor, data: samplePlan() },
      { type: 'status.changed', actor: binh.actor, data: { item: 'I.1', status: 'done', effective: '2021-03-02' } },
      { type: 'status.changed', actor: binh.actor, data: { item: 'II.2', status: 'in_progress', effective: '2021-05-02' } },
    ]);
    knownAt = new Date().toISOString();
    await signNewCheckpoint(province.db, logKey);
  }, 120_000);
  afterAll(() => province?.close());

  it('cchc report --server --anchor records report.issued on the province\'s plan and keeps the proof beside both files', async () => {
    const made = await withCheckpoints(
      cli(['report', '--server', province.url, '--key', anKey, '--period', '2021-Y', '--known-at', knownAt, '--anchor', '--log-key', vkey, '--out', workbook]),
    );
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Đã ghi mốc \/ anchored: report\.issued, kế hoạch \/ plan kh-2021, số \/ seq \d+/);
    for (const file of [workbook, document]) {
      const proof = JSON.parse(readFileSync(`${file}.log-proof.json`, 'utf8')) as ReportProof;
      expect(proof.leaf.planId).toBe('kh-2021');
      expect(proof.sources!.map((s) => s.planId).sort()).toEqual(['kh-2021', 'stp-2021']);
      expect(proof.logKey).toBe(vkey);
    }
    await exportPlans(new ServiceClient(province.url, await readKeyFile(anKey)));
  });

  it('cchc verify-report --province checks, offline, the event, every source in the checkpoint, and that the report builds again byte for byte', async () => {
    for (const file of [workbook, document]) {
      const checked = await cli(['verify-report', file, '--log-key', vkey, '--province', manifest]);
      expect(checked.stderr).toBe('');
      expect(checked.code).toBe(0);
      expect(checked.stdout).toContain('✓ Ghi nhận cuối được tính của 2 sổ, như các sổ đã xuất ghi, nằm trong cùng điểm kiểm');
      expect(checked.stdout).toContain('✓ Các số liệu lập lại được: báo cáo tổng hợp dựng lại từ 2 sổ (kỳ 2021-Y');
    }
    const unchecked = await cli(['verify-report', workbook, '--log-key', vkey]);
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout).toContain('2 nguồn số liệu (ghi nhận cuối của từng sổ) chưa kiểm tra');
  });

  it('refuses an exported ledger whose counted head was changed, and a proof whose source points elsewhere', async () => {
    const ledger = join(exported, 'stp-2021.ndjson');
    const good = readFileSync(ledger, 'utf8');
    const proofFile = `${workbook}.log-proof.json`;
    const proof = JSON.parse(readFileSync(proofFile, 'utf8')) as ReportProof;
    const head = proof.sources!.find((s) => s.planId === 'stp-2021')!;
    const lines = good.split('\n');
    lines[head.seq - 1] = lines[head.seq - 1]!.replace('"in_progress"', '"done"');
    writeFileSync(ledger, lines.join('\n'));
    try {
      const refused = await cli(['verify-report', workbook, '--log-key', vkey, '--province', manifest]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`Ghi nhận số ${head.seq} của kế hoạch stp-2021 trong sổ đã xuất không phải ghi nhận ở vị trí ${head.index + 1}`);
    } finally {
      writeFileSync(ledger, good);
    }
    const moved = { ...proof, sources: proof.sources!.map((s) => (s.planId === 'stp-2021' ? { ...s, index: s.index + 1 } : s)) };
    writeFileSync(proofFile, JSON.stringify(moved));
    try {
      const refused = await cli(['verify-report', workbook, '--log-key', vkey, '--province', manifest]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Event');
      expect(refused.stderr).toContain('plan stp-2021 in the exported ledger is not the one at position');
    } finally {
      writeFileSync(proofFile, JSON.stringify(proof, null, 2));
    }
  });

  it('cchc prove-report --server makes the proof again later (a larger checkpoint), and it verifies', async () => {
    await signNewCheckpoint(province.db, logKey);
    const before = JSON.parse(readFileSync(`${document}.log-proof.json`, 'utf8')) as ReportProof;
    const proved = await cli(['prove-report', document, '--server', province.url, '--key', anKey, '--log-key', vkey]);
    expect(proved.stderr).toBe('');
    expect(proved.code).toBe(0);
    const after = JSON.parse(readFileSync(`${document}.log-proof.json`, 'utf8')) as ReportProof;
    expect(after.leaf).toEqual(before.leaf);
    expect(after.sources!.map(({ planId, seq, hash }) => ({ planId, seq, hash }))).toEqual(before.sources!.map(({ planId, seq, hash }) => ({ planId, seq, hash })));
    const checked = await cli(['verify-report', document, '--log-key', vkey, '--province', manifest]);
    expect(checked.code).toBe(0);
    // Refused options leave the proof as it was.
    const kept = readFileSync(`${document}.log-proof.json`);
    const both = await cli(['prove-report', document, '--server', province.url, '--ledger', join(exported, 'kh-2021.ndjson')]);
    expect(both.code).toBe(2);
    expect(readFileSync(`${document}.log-proof.json`).equals(kept)).toBe(true);
  });
});
