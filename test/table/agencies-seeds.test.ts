import { describe, expect, it } from 'vitest';
import { splitAgencies } from '../../templates/agencies/split-agencies.ts';
import { OFFICIAL_NAMES } from '../../templates/agencies/official-names.ts';
import { itemsOf } from '../../templates/table/table-read.ts';
import { readSample, SAMPLES } from './support.ts';

const names = (cell: string) => splitAgencies(cell).map((a) => (a.group ? `[${a.name}]` : a.name));

/** Every lead and coordinating cell of the seed plans' tables, and the agencies a person reads in it. */
const SEED_CELLS: Record<string, string[]> = {
  '': [],
  'Sở Nội vụ': ['Sở Nội vụ'],
  'Sở Tư pháp': ['Sở Tư pháp'],
  'Sở Tài chính': ['Sở Tài chính'],
  'Sở Kế hoạch và Đầu tư': ['Sở Kế hoạch và Đầu tư'],
  'Sở Khoa học và Công nghệ': ['Sở Khoa học và Công nghệ'],
  'Sở TT&TT': ['Sở Thông tin và Truyền thông'],
  'Văn phòng UBND tỉnh': ['Văn phòng Ủy ban nhân dân tỉnh'],
  'Văn phòng': ['Văn phòng'],
  'Phòng Tổ chức cán bộ': ['Phòng Tổ chức cán bộ'],
  'Phòng Kế hoạch và Tài chính': ['Phòng Kế hoạch và Tài chính'],
  'Trung tâm thông tin điện tử': ['Trung tâm thông tin điện tử'],
  'Trung tâm Giáo dục thường xuyên tỉnh': ['Trung tâm Giáo dục thường xuyên tỉnh'],
  'Hội đồng thẩm định Chỉ số CCHC tỉnh': ['Hội đồng thẩm định Chỉ số CCHC tỉnh'],
  'Báo Đồng Khởi, Đài PTTH tỉnh': ['Báo Đồng Khởi', 'Đài Phát thanh và Truyền hình tỉnh'],
  'Thanh tra + Tổ Pháp chế': ['Thanh tra', 'Tổ Pháp chế'],
  'Sở Nội vụ và các cơ quan có liên quan': ['Sở Nội vụ', '[Các cơ quan có liên quan]'],
  'Sở Nội vụ, các cơ quan có liên quan': ['Sở Nội vụ', '[Các cơ quan có liên quan]'],
  'Tổ chức tư vấn, các cơ quan có liên quan': ['Tổ chức tư vấn', '[Các cơ quan có liên quan]'],
  'Hiệp hội doanh nghiệp và các cơ quan, đơn vị có liên quan': ['Hiệp hội doanh nghiệp', '[Các cơ quan, đơn vị có liên quan]'],
  'Bưu điện tỉnh, Các phòng chuyên môn, nghiệp vụ': ['Bưu điện tỉnh', '[Các phòng chuyên môn, nghiệp vụ]'],
  'Cơ quan hành chính nhà nước các cấp': ['[Cơ quan hành chính nhà nước các cấp]'],
  'Các cơ quan có liên quan': ['[Các cơ quan có liên quan]'],
  'Các cơ quan, đơn vị có liên quan': ['[Các cơ quan, đơn vị có liên quan]'],
  'Các cơ quan, đơn vị': ['[Các cơ quan, đơn vị]'],
  'Các đơn vị được kiểm tra': ['[Các đơn vị được kiểm tra]'],
  'Các cơ quan, đơn vị thuộc đối tượng được tập huấn': ['[Các cơ quan, đơn vị thuộc đối tượng được tập huấn]'],
  'Các sở, ngành tỉnh': ['[Các sở, ngành tỉnh]'],
  'Các sở, ban, ngành và UBND cấp huyện': ['[Các sở, ban, ngành]', '[Ủy ban nhân dân cấp huyện]'],
  'Các sở, ban, ngành tỉnh, UBND cấp huyện': ['[Các sở, ban, ngành tỉnh]', '[Ủy ban nhân dân cấp huyện]'],
  'Các sở, ban, ngành và UBND các huyện, thành phố': ['[Các sở, ban, ngành]', '[Ủy ban nhân dân các huyện, thành phố]'],
  'Các phòng chuyên môn, nghiệp vụ': ['[Các phòng chuyên môn, nghiệp vụ]'],
  // Typos of the source document, kept as written.
  'Các phòng chuyên môn, ng nghiệp vụ': ['[Các phòng chuyên môn, ng nghiệp vụ]'],
  'Các phòng chuyên môn, ngành vụ': ['[Các phòng chuyên môn, ngành vụ]'],
  'Các phòng chuyên môn, nghiệp vụ, các đơn vị trực thuộc Sở': ['[Các phòng chuyên môn, nghiệp vụ]', '[Các đơn vị trực thuộc Sở]'],
};

describe('agencies of every lead and coordinating cell of the seed plans', () => {
  it('splits each cell of the Bến Tre and Gia Lai tables into the agencies written by hand', async () => {
    const seen = new Set<string>();
    for (const path of [SAMPLES.bentreText, SAMPLES.gialaiText, SAMPLES.bentreXlsx, SAMPLES.gialaiXlsx]) {
      for (const item of itemsOf(await readSample(path))) {
        for (const cell of [item.leadText, item.coordinatingText]) {
          seen.add(cell);
          expect(SEED_CELLS, `no expectation written for "${cell}" (${path})`).toHaveProperty([cell]);
          expect(names(cell), cell).toEqual(SEED_CELLS[cell]);
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(SEED_CELLS).sort());
  });
});

describe('official names hold "và", commas and dashes', () => {
  it('keeps names of ministries, provincial departments and local offices whole, before and after 2025', () => {
    expect(names('Sở Khoa học và Công nghệ, Sở Văn hóa, Thể thao và Du lịch')).toEqual(['Sở Khoa học và Công nghệ', 'Sở Văn hóa, Thể thao và Du lịch']);
    expect(names('Bộ Lao động - Thương binh và Xã hội và Bộ Nội vụ')).toEqual(['Bộ Lao động - Thương binh và Xã hội', 'Bộ Nội vụ']);
    expect(names('Sở Nông nghiệp và Môi trường; Sở Dân tộc và Tôn giáo')).toEqual(['Sở Nông nghiệp và Môi trường', 'Sở Dân tộc và Tôn giáo']);
    expect(names('Văn phòng HĐND và UBND tỉnh')).toEqual(['Văn phòng Hội đồng nhân dân và Ủy ban nhân dân tỉnh']);
    expect(names('Văn phòng HĐND và UBND huyện, Phòng Nội vụ')).toEqual(['Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện', 'Phòng Nội vụ']);
    expect(names('Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh')).toEqual(['Văn phòng Đoàn đại biểu Quốc hội, Hội đồng nhân dân và Ủy ban nhân dân tỉnh']);
    expect(names('UBND các xã, phường và Phòng Kinh tế, Hạ tầng và Đô thị')).toEqual(['[Ủy ban nhân dân các xã, phường]', 'Phòng Kinh tế, Hạ tầng và Đô thị']);
    expect(names('Sở Tài chính, Sở Xây dựng và UBND tỉnh')).toEqual(['Sở Tài chính', 'Sở Xây dựng', 'Ủy ban nhân dân tỉnh']);
    expect(names('Sở KH&CN, Sở NN&MT')).toEqual(['Sở Khoa học và Công nghệ', 'Sở Nông nghiệp và Môi trường']);
    expect(names('Phòng Văn hóa - Xã hội và Văn phòng HĐND và UBND xã')).toEqual(['Phòng Văn hóa - Xã hội', 'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã']);
  });

  it('keeps a sentence in a lead cell as its text, never a fragment that is not an agency', () => {
    const cell = 'Bộ Công an, Bộ KH&CN với các tiêu chuẩn kỹ thuật';
    expect(splitAgencies(cell).map((a) => a.raw)).toEqual([cell]);
  });

  it('reads every official name and each of its short forms as that one agency', () => {
    for (const { name, short } of OFFICIAL_NAMES) {
      expect(names(name), name).toEqual([name]);
      for (const s of short ?? []) expect(names(s), s).toEqual([name]);
    }
  });
});
