import { describe, expect, it } from 'vitest';
import { expandAbbreviations } from '../../templates/agencies/abbreviations.ts';
import { splitAgencies } from '../../templates/agencies/split-agencies.ts';
import { reformAreaOf } from '../../templates/areas/reform-area.ts';
import { itemsOf } from '../../templates/table/table-read.ts';
import { readSample, SAMPLES } from './support.ts';

const names = (cell: string) => splitAgencies(cell).map((a) => (a.group ? `[${a.name}]` : a.name));

describe('splitting lead and coordinating cells', () => {
  it('splits the cells of the real tables as a person reads them', () => {
    expect(names('Các sở, ban, ngành và UBND cấp huyện')).toEqual(['[Các sở, ban, ngành]', '[Ủy ban nhân dân cấp huyện]']);
    expect(names('Thanh tra + Tổ Pháp chế')).toEqual(['Thanh tra', 'Tổ Pháp chế']);
    expect(names('Sở Kế hoạch và Đầu tư')).toEqual(['Sở Kế hoạch và Đầu tư']);
    expect(names('Hiệp hội doanh nghiệp và các cơ quan, đơn vị có liên quan')).toEqual(['Hiệp hội doanh nghiệp', '[Các cơ quan, đơn vị có liên quan]']);
    expect(names('Các sở, ban, ngành và UBND các huyện, thành phố')).toEqual(['[Các sở, ban, ngành]', '[Ủy ban nhân dân các huyện, thành phố]']);
    expect(names('Báo Đồng Khởi, Đài PTTH tỉnh')).toEqual(['Báo Đồng Khởi', 'Đài Phát thanh và Truyền hình tỉnh']);
    expect(names('Sở Nội vụ, các cơ quan có liên quan')).toEqual(['Sở Nội vụ', '[Các cơ quan có liên quan]']);
    expect(names('Các sở, ban, ngành tỉnh, UBND cấp huyện')).toEqual(['[Các sở, ban, ngành tỉnh]', '[Ủy ban nhân dân cấp huyện]']);
    expect(names('Bưu điện tỉnh, Các phòng chuyên môn, nghiệp vụ')).toEqual(['Bưu điện tỉnh', '[Các phòng chuyên môn, nghiệp vụ]']);
    expect(names('Các phòng chuyên môn, nghiệp vụ, các đơn vị trực thuộc Sở')).toEqual(['[Các phòng chuyên môn, nghiệp vụ]', '[Các đơn vị trực thuộc Sở]']);
    expect(names('Cơ quan hành chính nhà nước các cấp')).toEqual(['[Cơ quan hành chính nhà nước các cấp]']);
    expect(names('Hội đồng thẩm định Chỉ số CCHC tỉnh')).toEqual(['Hội đồng thẩm định Chỉ số CCHC tỉnh']);
    expect(names('Các cơ quan, đơn vị, địa phương')).toEqual(['[Các cơ quan, đơn vị, địa phương]']);
  });

  it('keeps commas and "và" inside one name, and splits on lines, semicolons and plus signs', () => {
    expect(names('Sở Văn hóa, Thể thao và Du lịch')).toEqual(['Sở Văn hóa, Thể thao và Du lịch']);
    expect(names('Sở LĐ-TB&XH và Sở GD&ĐT')).toEqual(['Sở Lao động - Thương binh và Xã hội', 'Sở Giáo dục và Đào tạo']);
    expect(names('- Sở Nội vụ;\n- Sở Tài chính.')).toEqual(['Sở Nội vụ', 'Sở Tài chính']);
    expect(names('UBND các huyện, thành phố (triển khai đến UBND cấp xã, phường)')).toHaveLength(1);
    expect(names('')).toEqual([]);
    expect(splitAgencies('VP UBND tỉnh')).toEqual([{ name: 'Văn phòng Ủy ban nhân dân tỉnh', raw: 'VP UBND tỉnh', group: false }]);
  });

  it('expands agency abbreviations but leaves subjects (TTHC, CBCCVC) as written', () => {
    expect(expandAbbreviations('Sở TT&TT')).toBe('Sở Thông tin và Truyền thông');
    expect(expandAbbreviations('HĐND tỉnh')).toBe('Hội đồng nhân dân tỉnh');
    expect(expandAbbreviations('Sở KH&ĐT')).toBe('Sở Kế hoạch và Đầu tư');
    expect(expandAbbreviations('Bộ phận một cửa TTHC cho CBCCVC')).toBe('Bộ phận một cửa TTHC cho CBCCVC');
    // Ð (U+00D0) typed for Đ.
    expect(expandAbbreviations('H\u00d0ND tỉnh')).toBe('Hội đồng nhân dân tỉnh');
  });

  it('splits every lead of the real tables into named agencies or groups', async () => {
    for (const path of [SAMPLES.bentreXlsx, SAMPLES.gialaiXlsx]) {
      for (const item of itemsOf(await readSample(path))) {
        expect(item.lead.length, `${item.id} "${item.leadText}"`).toBeGreaterThan(0);
        for (const a of item.lead) expect(a.name.trim()).not.toBe('');
      }
    }
  });
});

describe('reform areas of section titles', () => {
  it('maps the usual titles, with or without diacritics, and leaves others unknown', () => {
    expect(reformAreaOf('Công tác chỉ đạo, điều hành về CCHC')).toBe('direction');
    expect(reformAreaOf('CAI CACH THE CHE')).toBe('institutions');
    expect(reformAreaOf('III Cải cách thủ tục hành chính')).toBe('procedures');
    expect(reformAreaOf('Cải cách tổ chức bộ máy hành chính nhà nước')).toBe('organisation');
    expect(reformAreaOf('Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức')).toBe('civil_service');
    expect(reformAreaOf('Cải cách chế độ công vụ')).toBe('civil_service');
    expect(reformAreaOf('Cải cách tài chính công')).toBe('public_finance');
    expect(reformAreaOf('Hiện đại hóa nền hành chính')).toBe('digital_government');
    expect(reformAreaOf('Xây dựng và phát triển Chính quyền điện tử, Chính quyền số')).toBe('digital_government');
    expect(reformAreaOf('Đẩy mạnh chuyển đổi số')).toBe('digital_government');
    expect(reformAreaOf('Nhiệm vụ khác')).toBe('unknown');
  });
});
