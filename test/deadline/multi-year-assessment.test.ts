import { describe, expect, it } from 'vitest';
import { Ledger } from '../../ledger/ledger.ts';
import { replay } from '../../ledger/replay.ts';
import { MemoryStore } from '../../ledger/stores/memory-store.ts';
import { planImportedData } from '../../templates/import/plan-imported.ts';
import { readGrid } from '../../templates/table/read-grid.ts';
import { grid } from '../table/support.ts';

const PLAN = grid([
  ['KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2025-2030'],
  ['STT', 'Nội dung', 'Kết quả', 'Cơ quan chủ trì', 'Thời gian'],
  ['1', 'Số hóa hồ sơ', 'Dữ liệu', 'Sở Nội vụ', 'Năm 2025-2030'],
  ['2', 'Báo cáo kết quả', 'Báo cáo', 'Sở Nội vụ', 'Hằng năm'],
  ['3', 'Ban hành quy chế', 'Quyết định', 'Sở Nội vụ', 'Quý II/2025'],
]);

describe('reports of a plan over several years count the milestone of the year reported on', () => {
  it('an item due each year is measured against that year, a one-off against its own date', async () => {
    const ledger = await Ledger.open(new MemoryStore(), { clock: () => new Date('2025-01-10T00:00:00.000Z') });
    const data = planImportedData(readGrid(PLAN), { name: 'p.xlsx', sha256: 'd'.repeat(64) });
    expect(data.plan.period).toEqual({ from: 2025, to: 2030 });
    const events = await ledger.append({ type: 'plan.imported', actor: { name: 'Lan', unit: 'Sở Nội vụ' }, at: '2025-01-05T00:00:00.000Z', data });
    const at = (validAt: string) => replay(events, { validAt });
    expect(['1.1', '1.2', '1.3'].map((id) => at('2025-12-14').items[id]!.due)).toEqual(['2025-12-31', '2025-12-31', '2025-06-30']);
    expect(['1.1', '1.2'].map((id) => at('2027-06-14').items[id]!.due)).toEqual(['2027-12-31', '2027-12-31']);
    expect(at('2031-03-01').items['1.1']).toMatchObject({ due: '2030-12-31', assessment: 'open_overdue' });
    expect(at('2025-12-14').items['1.3']!.assessment).toBe('open_overdue');
  });
});
