import { vietnamDateOf } from '../../ledger/dates.ts';
import type { Deadline } from '../../ledger/deadline.ts';
import { FORMAT_UNSIGNED, type DocumentRef, type LedgerEvent } from '../../ledger/events.ts';
import type { Item, ReformArea, Section, Task } from '../../ledger/plan.ts';
import { seal } from '../../ledger/seal.ts';
import type { Status } from '../../ledger/status.ts';
import { EMPTY_HEAD, type Head } from '../../ledger/store.ts';
import { seededRandom } from '../../cli/demo/seeded-random.ts';

/** An event before it takes its place in a chain. */
export type EventBody = Omit<LedgerEvent, 'seq' | 'prev' | 'hash'>;

/** Seals a body as the event that follows `head`. */
export function sealAfter(body: EventBody, head: Head): LedgerEvent {
  // The key order the Ledger writes (the schema's), so stored lines look like real ones.
  const { v, id, at, actor, type, data, sig } = body;
  return seal({ v, seq: head.seq + 1, id, at, actor, prev: head.hash, type, data, ...(sig && { sig }) } as Omit<LedgerEvent, 'hash'>);
}

export interface SampleOptions {
  /** Items in the imported plan (about 500 in a province's plan). */
  items?: number;
  seed?: number;
  /** `at` of the first event, and the time between events. */
  start?: string;
  stepMs?: number;
  /** Takes `at` from this clock instead (processes writing one ledger together). */
  clock?: () => Date;
  idPrefix?: string;
  /** Makes each id instead of prefix + number (the Ledger uses random UUIDs). */
  newId?: () => string;
  /** Start with the plan import (default), or only add changes to a ledger that has one. */
  withPlan?: boolean;
  /** Which changes follow the import; status changes need a single writer to stay within the rules. */
  changes?: ReadonlyArray<'status' | 'evidence' | 'note'>;
}

const SECTIONS: Array<[string, string, ReformArea]> = [
  ['I', 'Công tác chỉ đạo, điều hành cải cách hành chính', 'direction'],
  ['II', 'Cải cách thể chế', 'institutions'],
  ['III', 'Cải cách thủ tục hành chính', 'procedures'],
  ['IV', 'Cải cách tổ chức bộ máy hành chính nhà nước', 'organisation'],
  ['V', 'Cải cách chế độ công vụ', 'civil_service'],
  ['VI', 'Cải cách tài chính công', 'public_finance'],
  ['VII', 'Xây dựng và phát triển Chính quyền điện tử, Chính quyền số', 'digital_government'],
];
const VERBS = ['Xây dựng, ban hành', 'Rà soát, đánh giá', 'Tổ chức triển khai', 'Kiểm tra, đôn đốc việc thực hiện', 'Tuyên truyền, phổ biến', 'Tổng hợp, báo cáo kết quả thực hiện'];
const OBJECTS = [
  'Kế hoạch cải cách hành chính năm 2021 của tỉnh',
  'thủ tục hành chính thuộc phạm vi quản lý của các sở, ban, ngành',
  'quy chế phối hợp giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông',
  'Đề án vị trí việc làm và cơ cấu ngạch công chức',
  'cơ chế tự chủ tài chính đối với đơn vị sự nghiệp công lập',
  'Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh, dịch vụ công trực tuyến mức độ 3, 4',
  'văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân tỉnh ban hành',
];
const OUTPUTS = ['Kế hoạch', 'Báo cáo', 'Quyết định', 'Công văn', 'Hướng dẫn', 'Kế hoạch kiểm tra'];
const AGENCIES = ['Sở Nội vụ', 'Sở Tư pháp', 'Văn phòng UBND tỉnh', 'Sở Thông tin và Truyền thông', 'Sở Tài chính', 'Sở Kế hoạch và Đầu tư'];
const ACTORS = [
  { name: 'Nguyễn Thị Hồng Nhung', unit: 'Sở Nội vụ' },
  { name: 'Trần Văn Đức', unit: 'Sở Tư pháp' },
  { name: 'Lê Thị Thu Hương', unit: 'Văn phòng UBND tỉnh' },
  { name: 'Phạm Quốc Việt', unit: 'Sở Thông tin và Truyền thông' },
];
const NOTES = [
  'Đã trình lãnh đạo Sở cho ý kiến dự thảo',
  'Đang lấy ý kiến góp ý của các cơ quan, đơn vị có liên quan',
  'Đã tổ chức hội nghị triển khai đến các phòng chuyên môn',
  'Chậm do chờ hướng dẫn của Bộ Nội vụ',
];
const STATUSES: Status[] = ['not_started', 'in_progress', 'done', 'on_hold'];

function quarterDeadline(year: number, q: number): Deadline {
  const due = ['03-31', '06-30', '09-30', '12-31'][q - 1]!;
  const start = ['01-01', '04-01', '07-01', '10-01'][q - 1]!;
  const numeral = ['I', 'II', 'III', 'IV'][q - 1]!;
  return { raw: `Quý ${numeral}/${year}`, kind: 'quarter', start: `${year}-${start}`, due: `${year}-${due}`, milestones: [] };
}

const itemId = (i: number) => `${SECTIONS[i % SECTIONS.length]![0]}.${Math.floor(i / SECTIONS.length) + 1}`;

/** A province's plan: sections, one task per item, deadlines by quarter. */
export function samplePlanData(itemCount: number, pick: () => number) {
  const sections: Section[] = SECTIONS.map(([id, title, area]) => ({ id, numeral: id, title, area }));
  const tasks: Task[] = [];
  const items: Item[] = [];
  for (let i = 0; i < itemCount; i++) {
    const [section] = SECTIONS[i % SECTIONS.length]!;
    const number = Math.floor(i / SECTIONS.length) + 1;
    const id = itemId(i);
    const text = `${VERBS[Math.floor(pick() * VERBS.length)]} ${OBJECTS[Math.floor(pick() * OBJECTS.length)]}`;
    const lead = AGENCIES[Math.floor(pick() * AGENCIES.length)]!;
    tasks.push({ id, section, numbering: String(number), text });
    items.push({
      id,
      section,
      task: id,
      numbering: id,
      text,
      output: OUTPUTS[Math.floor(pick() * OUTPUTS.length)]!,
      timeline: quarterDeadline(2021, 1 + Math.floor(pick() * 4)),
      lead: [{ name: lead, raw: lead, group: false }],
      leadText: lead,
      coordinating: [{ name: 'Các sở, ban, ngành tỉnh', raw: 'Các sở, ban, ngành tỉnh', group: true }],
      coordinatingText: 'Các sở, ban, ngành tỉnh',
      sourceRow: 6 + i,
    });
  }
  return {
    plan: { issuer: 'UBND tỉnh Bến Tre', number: '7018/KH-UBND', date: '2020-12-29', year: 2021, title: 'Kế hoạch cải cách hành chính năm 2021' },
    source: { file: 'phu-luc-ke-hoach-cchc-2021.xlsx', sheet: 'Phụ lục', sha256: 'ab'.repeat(32) },
    sections,
    tasks,
    items,
  };
}

/**
 * Realistic event bodies, endlessly: a plan import, then status changes, evidence and progress
 * notes on its items, each within the ledger's rules (a different status each time, a note to
 * reopen a done item, effective dates never after the day recorded).
 */
export function* sampleBodies(options: SampleOptions = {}): Generator<EventBody> {
  const pick = seededRandom(options.seed ?? 1);
  const itemCount = options.items ?? 500;
  const changes = options.changes ?? ['status', 'status', 'evidence', 'note'];
  const prefix = options.idPrefix ?? 'e';
  let time = Date.parse(options.start ?? '2021-01-04T01:00:00.000Z');
  const step = options.stepMs ?? 20_000;
  const status = new Map<string, Status>();
  const lastEffective = new Map<string, string>();
  let n = 0;
  const envelope = () => {
    const at = options.clock ? options.clock().toISOString() : new Date(time).toISOString();
    time += step;
    n++;
    return { v: FORMAT_UNSIGNED, id: options.newId ? options.newId() : `${prefix}${n}`, at, actor: ACTORS[Math.floor(pick() * ACTORS.length)]! };
  };

  if (options.withPlan !== false) {
    yield { ...envelope(), type: 'plan.imported', data: samplePlanData(itemCount, pick) } as EventBody;
  }
  const itemIds = Array.from({ length: itemCount }, (_, i) => itemId(i));
  for (;;) {
    const base = envelope();
    const item = itemIds[Math.floor(pick() * itemIds.length)]!;
    const today = vietnamDateOf(base.at);
    // Up to three days back, never before the item's last change: histories stay in order.
    const back = new Date(Date.parse(today) - Math.floor(pick() * 4) * 86_400_000).toISOString().slice(0, 10);
    const effective = [back, lastEffective.get(item) ?? back].sort()[1]!;
    const kind = changes[Math.floor(pick() * changes.length)]!;
    if (kind === 'status') {
      const from = status.get(item) ?? 'not_started';
      const choices = STATUSES.filter((s) => s !== from);
      const to = choices[Math.floor(pick() * choices.length)]!;
      status.set(item, to);
      lastEffective.set(item, effective);
      const note = from === 'done' ? 'Mở lại do phát sinh yêu cầu bổ sung của Bộ Nội vụ' : undefined;
      yield { ...base, type: 'status.changed', data: { item, status: to, effective, ...(note && { note }) } } as EventBody;
    } else if (kind === 'evidence') {
      const document: DocumentRef = {
        kind: OUTPUTS[Math.floor(pick() * OUTPUTS.length)]!,
        number: `${100 + Math.floor(pick() * 900)}/KH-UBND`,
        date: effective,
        issuer: 'UBND tỉnh Bến Tre',
      };
      yield { ...base, type: 'evidence.attached', data: { item, document } } as EventBody;
    } else {
      const note = NOTES[Math.floor(pick() * NOTES.length)]!;
      yield { ...base, type: 'progress.noted', data: { item, note, percent: Math.floor(pick() * 101), effective } } as EventBody;
    }
  }
}

/** `count` sealed events chained from `from` (an empty ledger by default). */
export function sampleEvents(count: number, options: SampleOptions = {}, from: Head = EMPTY_HEAD): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  let head = from;
  for (const body of sampleBodies(options)) {
    if (events.length === count) break;
    const event = sealAfter(body, head);
    events.push(event);
    head = { seq: event.seq, hash: event.hash };
  }
  return events;
}
