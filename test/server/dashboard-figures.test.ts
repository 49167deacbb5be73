import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDateOf } from '../../ledger/dates.ts';
import { LedgerError } from '../../ledger/errors.ts';
import type { EventDraft } from '../../ledger/events.ts';
import { verifyAndReplay } from '../../ledger/verify-replay.ts';
import type { Database } from '../../server/db/database.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { dashboardPlugin } from '../../server/dashboard/dashboard-plugin.ts';
import { periodKeysOf } from '../../templates/reports/dashboard-period.ts';
import { periodFiguresOf } from '../../server/dashboard/period-figures.ts';
import { buildServiceApp } from '../../server/http/service-app.ts';
import { ServiceClient } from '../../server/protocol/service-client.ts';
import { recordsOfLines } from '../../templates/reports/province-plans.ts';
import { deadline, item, samplePlan } from '../support/sample-plan.ts';
import { injectFetch, pendingEvents, provinceService, type Person } from './support/service-fixture.ts';

/** A small seeded generator: the same "random" pushes every run. */
function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

const ITEMS = ['I.1', 'I.2', 'II.1', 'II.2', 'II.3'];
const STATUSES = ['not_started', 'in_progress', 'done', 'on_hold'] as const;

describe('the dashboard\'s stored figures (migration 0004) against fresh replays', () => {
  let db: Database;
  let service: Awaited<ReturnType<typeof provinceService>>;
  const today = vietnamDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const plans: Array<{ id: string; writers: Person[] }> = [];

  beforeAll(async () => {
    db = await openDatabase(undefined);
    service = await provinceService(db);
  }, 120_000);
  afterAll(async () => {
    await service.app.close();
    await db.close();
  });

  /** `person` pushes `drafts` through `app`, at the plan's head. */
  async function pushAs(client: ServiceClient, person: Person, planId: string, drafts: EventDraft[]) {
    const { lines, head } = await client.pullAll(planId);
    return client.push(planId, head, await pendingEvents(lines, person.signer, drafts));
  }

  /** Random status changes and notes by the plan's own people, some refused by the rules (that is fine). */
  async function randomPushes(client: (p: Person) => ServiceClient, seed: number, pushes: number) {
    const random = generator(seed);
    const days = Math.max(1, Math.round((Date.parse(today) - Date.parse(`${year}-01-01`)) / 86_400_000));
    for (let k = 0; k < pushes; k++) {
      const plan = random.pick(plans);
      const person = random.pick(plan.writers);
      const drafts = Array.from({ length: 1 + Math.floor(random.next() * 3) }, (): EventDraft => {
        const itemId = random.pick(ITEMS);
        const effective = vietnamDateOf(new Date(Date.parse(`${year}-01-01`) + Math.floor(random.next() * days) * 86_400_000));
        return random.next() < 0.7
          ? { type: 'status.changed', actor: person.actor, data: { item: itemId, status: random.pick(STATUSES), effective } }
          : { type: 'progress.noted', actor: person.actor, data: { item: itemId, note: `Ghi chú ${seed}-${k}`, effective } };
      });
      // One event at a time; one the client's own ledger refuses (the rules) is not sent.
      for (const draft of drafts) {
        await pushAs(client(person), person, plan.id, [draft]).catch((error: unknown) => {
          if (!(error instanceof LedgerError)) throw error;
        });
      }
    }
  }

  /** Every stored row equals the figures of a fresh verified replay of the plan's events at its cut. */
  async function expectStoredEqualReplays() {
    const rows = await db.query<{ plan_id: string; valid_at: string; window_from: string; window_to: string; head_seq: number; figures: unknown }>(
      `select plan_id, valid_at::text, window_from::text, window_to::text, f.head_seq, figures from plan_figures f join plan p on p.id = f.plan_id and p.head_seq = f.head_seq`,
    );
    expect(rows.length).toBe(plans.length * periodKeysOf(year, today).length);
    const admin = service.clientOf(service.admin);
    for (const row of rows) {
      const { lines } = await admin.pullAll(row.plan_id);
      const cut = { validAt: row.valid_at, from: row.window_from, to: row.window_to };
      const { verification, state } = await verifyAndReplay(recordsOfLines(lines), { validAt: cut.validAt, knownAt: new Date().toISOString() });
      expect(verification.ok).toBe(true);
      expect(row.figures, `${row.plan_id} at ${cut.validAt} (${cut.from}…${cut.to})`).toEqual(periodFiguresOf(state, cut, true));
    }
  }

  /** The overview of every period, from the stored figures, equals the one made with none stored (every plan replayed). */
  async function expectOverviewEqualsReplay() {
    const now = new Date();
    const app = Fastify();
    await app.register(dashboardPlugin, { db, clock: () => now });
    const overview = async (key: string) => (await app.inject(`/dashboard/api/overview?year=${year}&period=${key}`)).json();
    const stored = [];
    for (const key of periodKeysOf(year, today)) stored.push(await overview(key));
    const saved = await db.query('select * from plan_figures');
    await db.query('delete from plan_figures');
    const fresh = await (async () => {
      const replayApp = Fastify();
      await replayApp.register(dashboardPlugin, { db, clock: () => now });
      const out = [];
      for (const key of periodKeysOf(year, today)) out.push((await replayApp.inject(`/dashboard/api/overview?year=${year}&period=${key}`)).json());
      await replayApp.close();
      return out;
    })();
    await app.close();
    expect(stored).toEqual(fresh);
    expect(saved.length).toBeGreaterThan(0);
    return stored;
  }

  it('after random pushes, after a service restart, and after a plan revision', async () => {
    const stpAdmin = service.people['stp-agency-admin']!;
    const stpStaff = service.people['stp-staff']!;
    const sytAdmin = service.people['syt-agency-admin']!;
    const sytStaff = service.people['syt-staff']!;
    for (const [owner, staff] of [
      [stpAdmin, stpStaff],
      [sytAdmin, sytStaff],
    ] as const) {
      const client = service.clientOf(owner);
      const id = `${(await client.me()).agency.id}-${year}`;
      await client.createPlan({ id, ownerAgencyId: (await client.me()).agency.id, scope: 'agency', title: `Kế hoạch CCHC năm ${year}`, periodFrom: `${year}-01-01`, periodTo: `${year}-12-31` });
      await pushAs(client, owner, id, [
        { type: 'plan.imported', actor: owner.actor, data: samplePlan() },
        { type: 'key.enrolled', actor: owner.actor, data: { key: staff.signer.fingerprint, publicKey: staff.signer.publicKey, person: staff.actor, role: 'member' } },
      ]);
      plans.push({ id, writers: [owner, staff] });
    }
    await randomPushes(service.clientOf, 13, 12);
    await expectStoredEqualReplays();
    const before = await expectOverviewEqualsReplay();
    expect(before[0].totals.plans).toBe(2);

    // A new process over the same database: nothing in memory; its pushes keep the figures.
    const restarted = await buildServiceApp({ db });
    const clientOf = (p: Person) => new ServiceClient('http://service.test', p.signer, injectFetch(restarted));
    await randomPushes(clientOf, 14, 12);
    await expectStoredEqualReplays();
    await expectOverviewEqualsReplay();

    // The Sở Tư pháp revises its plan: an item withdrawn, one added.
    const revision: EventDraft = {
      type: 'plan.revised',
      actor: stpAdmin.actor,
      data: { document: { kind: 'Kế hoạch', number: '2/KH-STP' }, withdrawn: [{ item: 'II.3' }], added: [item('I.3', 'I', deadline('month', `${year}-09-30`))] },
    };
    const revised = await pushAs(clientOf(stpAdmin), stpAdmin, plans[0]!.id, [revision]);
    expect(revised.results.map((r) => r.outcome)).toEqual(['placed']);
    await expectStoredEqualReplays();
    const after = await expectOverviewEqualsReplay();
    expect(after).not.toEqual(before);
    await restarted.close();
  }, 300_000);
});
