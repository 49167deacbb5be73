import type { Deadline } from '../../ledger/deadline.ts';
import type { DataOf, EventDraft } from '../../ledger/events.ts';
import type { Item } from '../../ledger/plan.ts';

/** A deadline as the parser would give it, written out by hand so these tests do not depend on the parser. */
export function deadline(kind: Deadline['kind'], due: string | null, extra: Partial<Deadline> = {}): Deadline {
  return { raw: `${kind} ${due ?? ''}`.trim(), kind, start: null, due, milestones: [], ...extra };
}

export function item(id: string, section: string, timeline: Deadline, lead = 'Sở Nội vụ'): Item {
  return {
    id,
    section,
    task: id,
    numbering: id,
    text: `Nhiệm vụ ${id}`,
    output: 'Báo cáo',
    timeline,
    lead: [{ name: lead, raw: lead, group: false }],
    leadText: lead,
    coordinating: [],
    coordinatingText: '',
  };
}

/** Five items: a quarter, a month, a relative deadline, a conditional one, and one set by another's schedule. */
export function samplePlan(): DataOf<'plan.imported'> {
  const items = [
    item('I.1', 'I', deadline('quarter', '2021-03-31')),
    item('I.2', 'I', deadline('month', '2021-06-30')),
    item('II.1', 'II', deadline('relative', null, { trigger: 'ngày nhận được văn bản', offset: { amount: 10, unit: 'working-days' } }), 'Sở Tư pháp'),
    item('II.2', 'II', deadline('conditional', null, { trigger: 'có Quyết định của Bộ Nội vụ' }), 'Sở Tư pháp'),
    item('II.3', 'II', deadline('scheduled', null), 'Sở Tư pháp'),
  ];
  return {
    plan: { issuer: 'UBND tỉnh Bến Tre', number: '7018/KH-UBND', date: '2020-12-29', year: 2021, title: 'Kế hoạch CCHC năm 2021' },
    source: { file: 'phuluc.xlsx', sheet: 'Sheet1', sha256: 'a'.repeat(64) },
    sections: [
      { id: 'I', numeral: 'I', title: 'Công tác chỉ đạo, điều hành', area: 'direction' },
      { id: 'II', numeral: 'II', title: 'Cải cách thể chế', area: 'institutions' },
    ],
    tasks: items.map((i) => ({ id: i.id, section: i.section, numbering: i.numbering, text: i.text })),
    items,
  };
}

export const ALICE = { name: 'Nguyễn Thị An', unit: 'Sở Nội vụ' };
export const BINH = { name: 'Trần Văn Bình', unit: 'Sở Tư pháp' };

export const importDraft = (at = '2021-01-04T01:00:00.000Z'): EventDraft => ({ type: 'plan.imported', actor: ALICE, at, data: samplePlan() });

export const statusDraft = (itemId: string, status: 'not_started' | 'in_progress' | 'done' | 'on_hold', effective: string, at: string, note?: string): EventDraft => ({
  type: 'status.changed',
  actor: ALICE,
  at,
  data: { item: itemId, status, effective, ...(note && { note }) },
});
