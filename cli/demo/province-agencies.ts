import type { AgencyLevel } from '../../server/protocol/bodies.ts';

export interface DemoAgency {
  id: string;
  officialName: string;
  level: AgencyLevel;
  parentId: string | null;
}

/** The province of the demo: Bến Tre, whose 2021 plan is the bundled sample. */
export const DEMO_PROVINCE = { code: '83', name: 'Tỉnh Bến Tre' } as const;

/** The Sở Nội vụ, made by `serve init`: it keeps the province's plan and consolidates the reports. */
export const HOME_AFFAIRS: DemoAgency = { id: 'snv', officialName: 'Sở Nội vụ', level: 'department', parentId: null };

const PEOPLES_COMMITTEE = 'ubnd-tinh';
const department = (id: string, officialName: string): DemoAgency => ({ id, officialName, level: 'department', parentId: PEOPLES_COMMITTEE });
const district = (id: string, officialName: string): DemoAgency => ({ id, officialName, level: 'district', parentId: PEOPLES_COMMITTEE });

/**
 * Bến Tre's agencies in 2021 besides the Sở Nội vụ, as the province names them: the People's
 * Committee, its departments (those that lead a task of the province's plan named as the plan names
 * them) and its nine districts and city. Each keeps a plan of its own.
 */
export const DEMO_AGENCIES: readonly DemoAgency[] = [
  { id: PEOPLES_COMMITTEE, officialName: 'Ủy ban nhân dân tỉnh Bến Tre', level: 'province', parentId: null },
  department('vp-ubnd', 'Văn phòng Ủy ban nhân dân tỉnh'),
  department('stp', 'Sở Tư pháp'),
  department('skhdt', 'Sở Kế hoạch và Đầu tư'),
  department('stc', 'Sở Tài chính'),
  department('stttt', 'Sở Thông tin và Truyền thông'),
  department('skhcn', 'Sở Khoa học và Công nghệ'),
  department('sct', 'Sở Công Thương'),
  department('snnptnt', 'Sở Nông nghiệp và Phát triển nông thôn'),
  department('sgtvt', 'Sở Giao thông vận tải'),
  department('sxd', 'Sở Xây dựng'),
  department('stnmt', 'Sở Tài nguyên và Môi trường'),
  department('sldtbxh', 'Sở Lao động - Thương binh và Xã hội'),
  department('svhttdl', 'Sở Văn hóa, Thể thao và Du lịch'),
  department('sgddt', 'Sở Giáo dục và Đào tạo'),
  department('syt', 'Sở Y tế'),
  department('ttt', 'Thanh tra tỉnh'),
  department('bqlkcn', 'Ban Quản lý các khu công nghiệp'),
  district('tp-bentre', 'Ủy ban nhân dân thành phố Bến Tre'),
  district('batri', 'Ủy ban nhân dân huyện Ba Tri'),
  district('binhdai', 'Ủy ban nhân dân huyện Bình Đại'),
  district('chauthanh', 'Ủy ban nhân dân huyện Châu Thành'),
  district('cholach', 'Ủy ban nhân dân huyện Chợ Lách'),
  district('giongtrom', 'Ủy ban nhân dân huyện Giồng Trôm'),
  district('mocaybac', 'Ủy ban nhân dân huyện Mỏ Cày Bắc'),
  district('mocaynam', 'Ủy ban nhân dân huyện Mỏ Cày Nam'),
  district('thanhphu', 'Ủy ban nhân dân huyện Thạnh Phú'),
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Trương', 'Bùi', 'Đặng', 'Đỗ', 'Ngô', 'Hồ', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Thu', 'Hoàng', 'Hữu', 'Kim'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hùng', 'Khánh', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến', 'Đức'];

/** The n-th made-up full name of the demo (the same every run, none twice in its first 4,050). */
export function demoPersonName(n: number): string {
  return `${FAMILY[n % FAMILY.length]} ${MIDDLE[Math.floor(n / FAMILY.length) % MIDDLE.length]} ${GIVEN[Math.floor(n / (FAMILY.length * MIDDLE.length)) % GIVEN.length]}`;
}
