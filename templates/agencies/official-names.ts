/**
 * Official names of the bodies CCHC plans assign tasks to, with the short forms staff write.
 * The splitter keeps a name from this list whole even when it holds "và", commas or dashes
 * ("Sở Khoa học và Công nghệ", "Văn phòng HĐND và UBND tỉnh"). A name may be followed by its
 * place ("tỉnh", "huyện", "xã", "thành phố") in a cell; that is matched by the splitter.
 *
 * Sources: Nghị định 123/2016/NĐ-CP and 101/2020 (ministries before 2025), Nghị quyết 176/2025/QH15
 * and Nghị định 25/2025 (ministries after 01/03/2025), Nghị định 24/2014 and 107/2020 (sở before
 * 2025), Nghị định 45/2025/NĐ-CP (sở after 2025), Nghị định 37/2014 and 108/2020 (district offices),
 * Nghị định 150/2025/NĐ-CP (commune offices after 01/07/2025).
 */
export interface OfficialName {
  name: string;
  /** Short forms, written as staff write them ("Sở KH&CN"); the components of abbreviations.ts also expand. */
  short?: string[];
  era: 'before-2025' | 'after-2025' | 'both';
}

const both = (name: string, short?: string[]): OfficialName => ({ name, era: 'both', ...(short ? { short } : {}) });
const before = (name: string, short?: string[]): OfficialName => ({ name, era: 'before-2025', ...(short ? { short } : {}) });
const after = (name: string, short?: string[]): OfficialName => ({ name, era: 'after-2025', ...(short ? { short } : {}) });

/** Ministries and ministry-level agencies of the Government. */
export const MINISTRIES: OfficialName[] = [
  both('Bộ Quốc phòng', ['BQP']),
  both('Bộ Công an', ['BCA']),
  both('Bộ Ngoại giao', ['BNG']),
  both('Bộ Nội vụ', ['BNV']),
  both('Bộ Tư pháp', ['BTP']),
  both('Bộ Tài chính', ['BTC']),
  both('Bộ Công Thương', ['BCT']),
  both('Bộ Xây dựng', ['BXD']),
  both('Bộ Khoa học và Công nghệ', ['Bộ KH&CN', 'Bộ KHCN']),
  both('Bộ Văn hóa, Thể thao và Du lịch', ['Bộ VHTTDL', 'Bộ VH,TT&DL']),
  both('Bộ Giáo dục và Đào tạo', ['Bộ GD&ĐT', 'Bộ GDĐT']),
  both('Bộ Y tế', ['BYT']),
  after('Bộ Nông nghiệp và Môi trường', ['Bộ NN&MT', 'Bộ NNMT']),
  after('Bộ Dân tộc và Tôn giáo', ['Bộ DT&TG']),
  before('Bộ Kế hoạch và Đầu tư', ['Bộ KH&ĐT', 'Bộ KHĐT']),
  before('Bộ Lao động - Thương binh và Xã hội', ['Bộ LĐ-TB&XH', 'Bộ LĐTBXH']),
  before('Bộ Giao thông vận tải', ['Bộ GTVT']),
  before('Bộ Thông tin và Truyền thông', ['Bộ TT&TT', 'Bộ TTTT']),
  before('Bộ Tài nguyên và Môi trường', ['Bộ TN&MT', 'Bộ TNMT']),
  before('Bộ Nông nghiệp và Phát triển nông thôn', ['Bộ NN&PTNT', 'Bộ NNPTNT']),
  both('Văn phòng Chính phủ', ['VPCP']),
  both('Thanh tra Chính phủ', ['TTCP']),
  both('Ngân hàng Nhà nước Việt Nam', ['NHNN']),
  before('Ủy ban Dân tộc', ['UBDT']),
  both('Bảo hiểm xã hội Việt Nam', ['BHXH Việt Nam']),
  both('Ủy ban Quản lý vốn nhà nước tại doanh nghiệp'),
];

/** Departments (sở) and equivalents of a province, and the province's other bodies. */
export const PROVINCE_BODIES: OfficialName[] = [
  both('Sở Nội vụ', ['SNV']),
  both('Sở Tư pháp', ['STP']),
  both('Sở Tài chính', ['STC']),
  both('Sở Công Thương', ['SCT']),
  both('Sở Xây dựng', ['SXD']),
  both('Sở Y tế', ['SYT']),
  both('Sở Ngoại vụ'),
  both('Sở Khoa học và Công nghệ', ['Sở KH&CN', 'Sở KHCN']),
  both('Sở Văn hóa, Thể thao và Du lịch', ['Sở VHTTDL', 'Sở VH,TT&DL']),
  both('Sở Văn hóa và Thể thao', ['Sở VH&TT']),
  both('Sở Du lịch'),
  both('Sở Giáo dục và Đào tạo', ['Sở GD&ĐT', 'Sở GDĐT']),
  both('Sở Quy hoạch - Kiến trúc', ['Sở QH-KT']),
  after('Sở Nông nghiệp và Môi trường', ['Sở NN&MT', 'Sở NNMT']),
  after('Sở Dân tộc và Tôn giáo', ['Sở DT&TG']),
  before('Sở Kế hoạch và Đầu tư', ['Sở KH&ĐT', 'Sở KHĐT']),
  before('Sở Lao động - Thương binh và Xã hội', ['Sở LĐ-TB&XH', 'Sở LĐTBXH']),
  before('Sở Giao thông vận tải', ['Sở GTVT']),
  before('Sở Thông tin và Truyền thông', ['Sở TT&TT', 'Sở TTTT']),
  before('Sở Tài nguyên và Môi trường', ['Sở TN&MT', 'Sở TNMT']),
  before('Sở Nông nghiệp và Phát triển nông thôn', ['Sở NN&PTNT', 'Sở NNPTNT']),
  before('Ban Dân tộc'),
  both('Thanh tra tỉnh'),
  both('Văn phòng Ủy ban nhân dân', ['VP UBND', 'VPUBND']),
  both('Văn phòng Hội đồng nhân dân', ['VP HĐND']),
  both('Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân'),
  both('Văn phòng Đoàn đại biểu Quốc hội, Hội đồng nhân dân và Ủy ban nhân dân'),
  both('Ban Quản lý các khu công nghiệp', ['BQL các KCN']),
  both('Ban Quản lý khu kinh tế', ['BQL KKT']),
  both('Trung tâm Phục vụ hành chính công', ['TTPVHCC', 'Trung tâm PVHCC']),
  both('Đài Phát thanh và Truyền hình', ['Đài PT&TH', 'Đài PTTH']),
  both('Công an tỉnh'),
  both('Bộ Chỉ huy Quân sự tỉnh'),
  both('Bảo hiểm xã hội tỉnh', ['BHXH tỉnh']),
  both('Kho bạc Nhà nước', ['KBNN']),
  both('Cục Thuế'),
  both('Cục Hải quan'),
  both('Cục Thống kê'),
  both('Bưu điện tỉnh'),
  both('Ủy ban Mặt trận Tổ quốc Việt Nam', ['UBMTTQVN', 'UBMTTQ']),
  both('Liên đoàn Lao động tỉnh', ['LĐLĐ tỉnh']),
  both('Tỉnh đoàn'),
  both('Hội Liên hiệp Phụ nữ', ['Hội LHPN']),
  both('Hội Nông dân'),
  both('Hội Cựu chiến binh'),
  both('Trường Chính trị tỉnh'),
  both('Hội đồng thẩm định Chỉ số cải cách hành chính'),
];

/** Offices of a district (before 01/07/2025) and of a commune or ward (after). */
export const LOCAL_BODIES: OfficialName[] = [
  before('Văn phòng Hội đồng nhân dân và Ủy ban nhân dân', ['Văn phòng HĐND và UBND', 'VP HĐND và UBND', 'VP HĐND-UBND']),
  before('Phòng Nội vụ', ['PNV']),
  before('Phòng Tư pháp'),
  before('Phòng Tài chính - Kế hoạch', ['Phòng TC-KH', 'Phòng TCKH']),
  before('Phòng Tài nguyên và Môi trường', ['Phòng TN&MT', 'Phòng TNMT']),
  before('Phòng Lao động - Thương binh và Xã hội', ['Phòng LĐ-TB&XH', 'Phòng LĐTBXH']),
  before('Phòng Văn hóa và Thông tin', ['Phòng VH&TT', 'Phòng VHTT']),
  before('Phòng Giáo dục và Đào tạo', ['Phòng GD&ĐT', 'Phòng GDĐT']),
  before('Phòng Y tế'),
  before('Phòng Kinh tế và Hạ tầng', ['Phòng KT&HT', 'Phòng KTHT']),
  before('Phòng Quản lý đô thị', ['Phòng QLĐT']),
  before('Phòng Nông nghiệp và Phát triển nông thôn', ['Phòng NN&PTNT', 'Phòng NNPTNT']),
  before('Phòng Kinh tế'),
  before('Phòng Dân tộc'),
  before('Thanh tra huyện'),
  before('Bộ phận tiếp nhận và trả kết quả'),
  after('Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã', ['VP HĐND và UBND xã']),
  after('Phòng Văn hóa - Xã hội', ['Phòng VH-XH', 'Phòng VHXH']),
  after('Phòng Kinh tế, Hạ tầng và Đô thị', ['Phòng KT,HT&ĐT', 'Phòng KTHTĐT']),
  after('Trung tâm Phục vụ hành chính công xã', ['TTPVHCC xã']),
  both('Phòng Kế hoạch và Tài chính'),
  both('Phòng Tổ chức cán bộ', ['Phòng TCCB']),
  both('Trung tâm Giáo dục thường xuyên', ['TTGDTX']),
  both('Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên', ['TTGDNN-GDTX']),
  both('Trung tâm Văn hóa, Thông tin và Thể thao'),
  both('Trung tâm Công nghệ thông tin và Truyền thông'),
];

export const OFFICIAL_NAMES: OfficialName[] = [...MINISTRIES, ...PROVINCE_BODIES, ...LOCAL_BODIES];
