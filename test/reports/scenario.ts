import { Ledger } from '../../ledger/ledger.ts';
import type { EventDraft, LedgerEvent } from '../../ledger/events.ts';
import type { Agency, Item } from '../../ledger/plan.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { ALICE, BINH, deadline } from '../support/sample-plan.ts';

const agency = (name: string, group = false): Agency => ({ name, raw: name, group });
const SNV = agency('Sở Nội vụ');
const STP = agency('Sở Tư pháp');
const DEPARTMENTS = agency('Các sở, ban, ngành tỉnh', true);
const DISTRICTS = agency('UBND cấp huyện', true);
const OFFICE = agency('Văn phòng UBND tỉnh');

function item(id: string, section: string, task: string, numbering: string, text: string, due: string | null, lead: Agency[], extra: Partial<Item> = {}): Item {
  return {
    id,
    section,
    task,
    numbering,
    text,
    output: 'Báo cáo',
    timeline: due ? deadline('date', due, { raw: `Trước ngày ${due.split('-').reverse().join('/')}` }) : deadline('conditional', null, { raw: 'Sau khi có Quyết định của Bộ Nội vụ', trigger: 'có Quyết định của Bộ Nội vụ' }),
    lead,
    leadText: lead.map((a) => a.name).join(', '),
    coordinating: [],
    coordinatingText: 'Các cơ quan có liên quan',
    ...extra,
  };
}

/**
 * Nine items in three areas, recorded over 2021 so that each report period sees something different:
 * done on time and late, recorded after a cut-off (A1), voided (C2's first "done"), withdrawn (B3),
 * waiting for a condition that is met later (A3), two leads (B2, C2), collective leads, and a sub-row
 * (C2b under C2's task) whose cells hold text that looks like formulas.
 */
export const SCENARIO_ITEMS: Item[] = [
  item('A1', 'I', 'tI1', 'I.1', 'Xây dựng và triển khai Kế hoạch CCHC năm 2021', '2021-03-31', [SNV]),
  item('A2', 'I', 'tI2', 'I.2', 'Xây dựng Kế hoạch tuyên truyền CCHC năm 2021', '2021-01-31', [SNV]),
  item('A3', 'I', 'tI3', 'I.3', 'Tham mưu phân bổ biên chế năm 2021', null, [SNV]),
  item('B1', 'II', 'tII1', 'II.1', 'Xây dựng kế hoạch kiểm tra công tác pháp chế', '2021-06-30', [STP]),
  item('B2', 'II', 'tII2', 'II.2', 'Rà soát văn bản quy phạm pháp luật', '2021-02-28', [STP, SNV]),
  item('B3', 'II', 'tII3', 'II.3', 'Tổ chức hội nghị tập huấn chuyên sâu', '2021-12-31', [DEPARTMENTS]),
  item('C1', 'III', 'tIII1', 'III.1', 'Công bố, công khai thủ tục hành chính', '2021-09-30', [DEPARTMENTS]),
  item('C2', 'III', 'tIII2', 'III.2', 'Rà soát, đánh giá thủ tục hành chính', '2021-03-10', [DEPARTMENTS, DISTRICTS]),
  item('C2b', 'III', 'tIII2', 'III.2.b', 'Rà soát, đánh giá thủ tục hành chính', '2021-11-30', [OFFICE], {
    activity: '=1+1',
    output: '+84 912',
    coordinatingText: '-',
    note: '@x',
  }),
];

const importDraft: EventDraft = {
  type: 'plan.imported',
  actor: ALICE,
  at: '2021-01-04T02:00:00.000Z',
  data: {
    plan: { issuer: 'UBND tỉnh Bến Tre', number: '7018/KH-UBND', date: '2020-12-29', year: 2021, title: 'Kế hoạch cải cách hành chính năm 2021' },
    source: { file: 'phuluc.xlsx', sheet: 'Phụ lục', sha256: 'a'.repeat(64) },
    sections: [
      { id: 'I', numeral: 'I', title: 'Công tác chỉ đạo, điều hành về CCHC', area: 'direction' },
      { id: 'II', numeral: 'II', title: 'Cải cách thể chế', area: 'institutions' },
      { id: 'III', numeral: 'III', title: 'Cải cách thủ tục hành chính', area: 'procedures' },
    ],
    tasks: [
      ...SCENARIO_ITEMS.filter((i) => i.id !== 'C2b').map((i) => ({ id: i.task, section: i.section, numbering: i.numbering.split('.').at(-1)!, text: i.text })),
    ],
    items: SCENARIO_ITEMS,
  },
};

const status = (id: string, s: 'done' | 'in_progress', effective: string, at: string, actor = ALICE): EventDraft => ({
  type: 'status.changed',
  actor,
  at,
  data: { item: id, status: s, effective },
});

/** Before A1's late record (20/03) and after it: the Q1 report differs between the two. */
export const KNOWN_BEFORE_LATE_RECORD = '2021-03-16T03:00:00.000Z';
export const KNOWN_AFTER_LATE_RECORD = '2021-03-25T03:00:00.000Z';
export const KNOWN_AT_YEAR_END = '2022-01-05T03:00:00.000Z';

/** The scenario's events, appended through the ledger facade (schema, rules, hash chain). */
export async function scenarioEvents(): Promise<LedgerEvent[]> {
  const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2022-01-10T00:00:00.000Z') });
  const events: LedgerEvent[] = [];
  const add = async (draft: EventDraft) => {
    events.push(...(await ledger.append(draft)));
    return events.at(-1)!;
  };
  await add(importDraft);
  await add(status('A2', 'done', '2021-01-25', '2021-01-25T04:00:00.000Z'));
  await add({
    type: 'evidence.attached',
    actor: ALICE,
    at: '2021-01-25T04:05:00.000Z',
    data: { item: 'A2', document: { kind: 'Kế hoạch', number: '513/KH-UBND', date: '2021-01-22' } },
  });
  const mistaken = await add(status('C2', 'done', '2021-03-01', '2021-03-02T02:00:00.000Z', BINH));
  await add({ type: 'event.voided', actor: BINH, at: '2021-03-03T02:00:00.000Z', data: { event: mistaken.id, reason: 'Ghi nhầm nhiệm vụ' } });
  await add(status('B2', 'done', '2021-03-05', '2021-03-05T04:00:00.000Z', BINH));
  // Done on 12/03, before the Q1 cut-off, but recorded only on 20/03: after it.
  await add(status('A1', 'done', '2021-03-12', '2021-03-20T04:00:00.000Z'));
  await add(status('B1', 'in_progress', '2021-04-01', '2021-04-01T04:00:00.000Z', BINH));
  await add({
    type: 'progress.noted',
    actor: BINH,
    at: '2021-04-02T04:00:00.000Z',
    data: { item: 'B1', note: 'Đã trình dự thảo', percent: 60 },
  });
  await add(status('C2', 'done', '2021-06-01', '2021-06-01T04:00:00.000Z', BINH));
  await add(status('B1', 'done', '2021-07-10', '2021-07-10T04:00:00.000Z', BINH));
  await add({
    type: 'plan.revised',
    actor: ALICE,
    at: '2021-08-02T04:00:00.000Z',
    data: { document: { kind: 'Kế hoạch', number: '4100/KH-UBND', date: '2021-08-01' }, withdrawn: [{ item: 'B3', reason: 'Không còn phù hợp' }] },
  });
  await add(status('C1', 'done', '2021-09-14', '2021-09-14T09:00:00.000Z'));
  await add({
    type: 'condition.met',
    actor: ALICE,
    at: '2021-10-02T04:00:00.000Z',
    data: { item: 'A3', effective: '2021-10-01', due: '2021-11-15', document: { kind: 'Quyết định', number: '123/QĐ-BNV', date: '2021-10-01' } },
  });
  return events;
}
