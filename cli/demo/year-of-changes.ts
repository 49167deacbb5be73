import { addDays } from '../../ledger/calendar.ts';
import { seededRandom } from './seeded-random.ts';
import type { IsoDate } from '../../ledger/dates.ts';
import type { Actor, EventDraft } from '../../ledger/events.ts';
import type { ItemState, LedgerState } from '../../ledger/state.ts';

const PEOPLE = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Minh Tuấn', 'Phạm Thu Hà', 'Võ Thanh Tâm', 'Huỳnh Ngọc Mai', 'Đặng Quốc Bảo', 'Bùi Thị Hạnh'];
const HOME_AFFAIRS: Actor = { name: 'Nguyễn Thị Lan', unit: 'Sở Nội vụ' };

/** Initials used in document numbers: "Sở Tư pháp" → "STP". */
function initials(unit: string): string {
  return unit
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'D')
    .split(/[\s&]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase())
    .join('')
    .slice(0, 6);
}

/** Who in an item's lead agency records its progress; collective leads report through Sở Nội vụ. */
function actorFor(item: ItemState, people: Map<string, Actor>): Actor {
  const lead = item.definition.lead.find((a) => !a.group);
  if (!lead) return HOME_AFFAIRS;
  let actor = people.get(lead.name);
  if (!actor) {
    actor = { name: PEOPLE[people.size % PEOPLE.length]!, unit: lead.name };
    people.set(lead.name, actor);
  }
  return actor;
}

/** An instant on a Vietnamese working morning: 09:00 plus some minutes, in UTC. */
const morning = (date: IsoDate, minutes: number) => new Date(Date.parse(`${date}T02:00:00.000Z`) + minutes * 60_000).toISOString();

const clamp = (date: IsoDate, min: IsoDate, max: IsoDate) => (date < min ? min : date > max ? max : date);

type Push = (date: IsoDate, draft: Omit<EventDraft, 'at'>) => void;

/**
 * A realistic year of work on a plan, as drafts in the order they were recorded: most items started
 * and finished around their deadlines with a report as evidence, some late, some still open at year
 * end, triggers of conditional deadlines; and the few events an auditor looks for: a change recorded
 * after the first quarter's cut-off, a reopening, a withdrawal by a revised plan and a mistake voided
 * the next day. `seed` varies the year between plans (the province demo's agencies); by default the
 * year itself, so that the one-plan demo writes the same ledger every run.
 */
export function yearOfChanges(state: LedgerState, year: number, seed = year): EventDraft[] {
  const next = seededRandom(seed);
  const people = new Map<string, Actor>();
  const drafts: EventDraft[] = [];
  let minute = 0;
  const push: Push = (date, draft) => drafts.push({ ...draft, at: morning(date, (minute += 7) % 400) } as EventDraft);

  const items = state.itemOrder.map((id) => state.items[id]!);
  const dated = items.filter((i) => i.due && i.due.startsWith(String(year)));
  const roles = {
    recordedLate: dated.find((i) => i.due! <= `${year}-03-31`),
    reopened: dated.find((i) => i.due! <= `${year}-06-30`),
    mistaken: dated.find((i) => i.due! >= `${year}-09-30`),
    withdrawn: dated.at(-1),
  };
  const special = new Set(Object.values(roles));
  items.forEach((item, index) => {
    if (!special.has(item)) ordinaryYear(item, index, year, next, actorFor(item, people), push);
  });
  storyYear(roles, year, people, push);
  drafts.sort((a, b) => (a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : 0));
  // Fixed ids: the demo writes the same ledger, byte for byte, every time it runs.
  return drafts.map((d, i) => ({ ...d, id: d.id ?? `demo-${year}-${String(i + 1).padStart(4, '0')}` }) as EventDraft);
}

function ordinaryYear(item: ItemState, index: number, year: number, next: () => number, actor: Actor, push: Push): void {
  const yearStart = `${year}-01-04`;
  const yearEnd = `${year}-12-10`;
  const id = item.definition.id;
  const kind = item.definition.timeline.kind;
  const roll = next();
  if (kind === 'relative' || kind === 'conditional') {
    if (roll < 0.6) {
      const met = clamp(addDays(yearStart, 60 + Math.floor(next() * 120)), yearStart, yearEnd);
      push(met, { type: 'condition.met', actor, data: { item: id, effective: met, document: { kind: 'Quyết định', number: `${100 + index}/QĐ-BNV`, date: met, issuer: 'Bộ Nội vụ' } } });
      push(addDays(met, 5), { type: 'status.changed', actor, data: { item: id, status: 'in_progress', effective: addDays(met, 5) } });
    }
    return;
  }
  const due = item.due ?? yearEnd;
  const start = clamp(addDays(due, -45 - Math.floor(next() * 30)), yearStart, yearEnd);
  push(start, { type: 'status.changed', actor, data: { item: id, status: 'in_progress', effective: start } });
  if (roll < 0.62) {
    const done = clamp(addDays(due, -Math.floor(next() * 20)), start, yearEnd);
    const recorded = addDays(done, Math.floor(next() * 3));
    push(recorded, { type: 'status.changed', actor, data: { item: id, status: 'done', effective: done } });
    push(recorded, {
      type: 'evidence.attached',
      actor,
      data: { item: id, document: { kind: 'Báo cáo', number: `${10 + index}/BC-${initials(actor.unit)}`, date: done, issuer: actor.unit }, effective: done },
    });
  } else if (roll < 0.8) {
    const done = addDays(due, 10 + Math.floor(next() * 30));
    if (done <= yearEnd) {
      push(done, { type: 'progress.noted', actor, data: { item: id, note: 'Chậm do chờ ý kiến góp ý của các cơ quan phối hợp', percent: 80, effective: addDays(done, -5) } });
      push(done, { type: 'status.changed', actor, data: { item: id, status: 'done', effective: done } });
    }
  } else if (roll < 0.9) {
    push(addDays(start, 20), { type: 'progress.noted', actor, data: { item: id, note: 'Đã xây dựng dự thảo, đang lấy ý kiến', percent: 50, effective: addDays(start, 20) } });
  } else {
    push(addDays(start, 15), { type: 'status.changed', actor, data: { item: id, status: 'on_hold', effective: addDays(start, 15), note: 'Tạm dừng chờ hướng dẫn của Trung ương' } });
  }
}

function storyYear(roles: Record<'recordedLate' | 'reopened' | 'mistaken' | 'withdrawn', ItemState | undefined>, year: number, people: Map<string, Actor>, push: Push): void {
  const { recordedLate, reopened, mistaken, withdrawn } = roles;
  if (recordedLate) {
    // Done on 10/03, before the Q1 cut-off (14/03), but recorded only on 22/03: the Q1 report as submitted shows it open.
    const actor = actorFor(recordedLate, people);
    const id = recordedLate.definition.id;
    push(`${year}-02-01`, { type: 'status.changed', actor, data: { item: id, status: 'in_progress', effective: `${year}-02-01` } });
    push(`${year}-03-22`, { type: 'status.changed', actor, data: { item: id, status: 'done', effective: `${year}-03-10`, note: 'Ghi nhận bổ sung sau kỳ chốt số liệu quý I' } });
  }
  if (reopened) {
    const actor = actorFor(reopened, people);
    const id = reopened.definition.id;
    const done = addDays(reopened.due!, -3);
    push(done, { type: 'status.changed', actor, data: { item: id, status: 'done', effective: done } });
    push(`${year}-12-01`, { type: 'status.changed', actor, data: { item: id, status: 'in_progress', effective: `${year}-12-01`, note: 'Sở Tư pháp đề nghị bổ sung số liệu; mở lại để hoàn thiện' } });
  }
  if (mistaken) {
    // Someone marks the wrong item done; the next morning it is voided, never deleted.
    const id = `demo-${year}-mistake`;
    push(`${year}-05-10`, { type: 'status.changed', id, actor: HOME_AFFAIRS, data: { item: mistaken.definition.id, status: 'done', effective: `${year}-05-10` } });
    push(`${year}-05-11`, { type: 'event.voided', actor: HOME_AFFAIRS, data: { event: id, reason: 'Ghi nhầm nhiệm vụ: báo cáo này thuộc nhiệm vụ khác' } });
    ordinaryYear(mistaken, 0, year, () => 0.1, actorFor(mistaken, people), push);
  }
  if (withdrawn) {
    push(`${year}-07-15`, {
      type: 'plan.revised',
      actor: HOME_AFFAIRS,
      data: {
        document: { kind: 'Kế hoạch', number: '150/KH-UBND', date: `${year}-07-15`, title: `điều chỉnh, bổ sung Kế hoạch CCHC năm ${year}` },
        withdrawn: [{ item: withdrawn.definition.id, reason: 'Nhiệm vụ đã được lồng ghép vào kế hoạch chuyên đề' }],
      },
    });
  }
}
