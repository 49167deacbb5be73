import { OFFICIAL_NAMES } from './official-names.ts';

/**
 * Abbreviations that staff write inside agency names, and their full forms. TTHC, CCHC, CBCCVC,
 * CNTT are deliberately absent: they name subjects and people, not agencies, and stay as written.
 */
const ABBREVIATIONS: Array<[forms: string[], full: string]> = [
  [['VP UBND', 'VP.UBND', 'VPUBND', 'VP. UBND'], 'Văn phòng Ủy ban nhân dân'],
  [['VP HĐND', 'VP.HĐND'], 'Văn phòng Hội đồng nhân dân'],
  [['UBMTTQVN', 'UBMTTQ'], 'Ủy ban Mặt trận Tổ quốc Việt Nam'],
  [['MTTQVN', 'MTTQ'], 'Mặt trận Tổ quốc Việt Nam'],
  [['UBND'], 'Ủy ban nhân dân'],
  [['HĐND'], 'Hội đồng nhân dân'],
  [['TT&TT', 'TT-TT', 'TTTT', 'TT và TT'], 'Thông tin và Truyền thông'],
  [['KH&ĐT', 'KH-ĐT', 'KHĐT', 'KH và ĐT'], 'Kế hoạch và Đầu tư'],
  [['GD&ĐT', 'GD-ĐT', 'GDĐT', 'GD và ĐT'], 'Giáo dục và Đào tạo'],
  [['LĐ-TB&XH', 'LĐTB&XH', 'LĐ-TBXH', 'LĐTBXH', 'LĐ, TB&XH'], 'Lao động - Thương binh và Xã hội'],
  [['TN&MT', 'TN-MT', 'TNMT'], 'Tài nguyên và Môi trường'],
  [['NN&PTNT', 'NN-PTNT', 'NNPTNT'], 'Nông nghiệp và Phát triển nông thôn'],
  [['KH&CN', 'KH-CN', 'KHCN'], 'Khoa học và Công nghệ'],
  [['VH,TT&DL', 'VH-TT&DL', 'VHTT&DL', 'VHTTDL'], 'Văn hóa, Thể thao và Du lịch'],
  [['GTVT'], 'Giao thông vận tải'],
  [['TC-KH', 'TCKH'], 'Tài chính - Kế hoạch'],
  [['PT-TH', 'PT&TH', 'PTTH'], 'Phát thanh và Truyền hình'],
  [['BHXH'], 'Bảo hiểm xã hội'],
  [['TTPVHCC'], 'Trung tâm Phục vụ hành chính công'],
  [['BQL'], 'Ban Quản lý'],
  [['NN&MT', 'NN-MT', 'NNMT'], 'Nông nghiệp và Môi trường'],
  [['DT&TG', 'DT-TG'], 'Dân tộc và Tôn giáo'],
  [['VH-XH', 'VHXH'], 'Văn hóa - Xã hội'],
  [['KT&HT', 'KT-HT'], 'Kinh tế và Hạ tầng'],
  [['ĐĐBQH'], 'Đoàn đại biểu Quốc hội'],
  [['ĐBQH'], 'đại biểu Quốc hội'],
  [['LHPN'], 'Liên hiệp Phụ nữ'],
  [['PVHCC'], 'Phục vụ hành chính công'],
  [['LĐLĐ'], 'Liên đoàn Lao động'],
  [['KBNN'], 'Kho bạc Nhà nước'],
];

// Whole short forms of official names ("Sở KH&CN", "VPCP", "SNV") from the data file.
for (const { name, short } of OFFICIAL_NAMES) if (short) ABBREVIATIONS.push([short, name]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Longest forms first, so that "VP UBND" wins over "UBND"; a form only matches as a whole word.
const PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}&])(${ABBREVIATIONS.flatMap(([forms]) => forms)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?![\\p{L}\\p{N}&])`,
  'gu',
);
const FULL = new Map<string, string>();
for (const [forms, full] of ABBREVIATIONS) for (const f of forms) if (!FULL.has(f)) FULL.set(f, full);

/** "Sở TT&TT" → "Sở Thông tin và Truyền thông", "VP UBND tỉnh" → "Văn phòng Ủy ban nhân dân tỉnh". */
export function expandAbbreviations(text: string): string {
  // Some fonts' documents use Ð (U+00D0, Icelandic eth) for Đ; they look alike and mean Đ.
  return text.normalize('NFC').replace(/\u00d0/g, 'Đ').replace(/\u00f0/g, 'đ').replace(PATTERN, (form) => FULL.get(form) ?? form);
}
