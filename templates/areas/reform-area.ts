import type { ReformArea } from '../../ledger/plan.ts';
import { foldText, hasWords } from '../table/fold.ts';

// In this order: "Cải cách thủ tục hành chính" must not fall to "hành chính" words of later areas,
// and "tổ chức bộ máy hành chính nhà nước" is organisation, not modernisation.
const RULES: Array<[ReformArea, string[]]> = [
  ['direction', ['chi dao dieu hanh', 'cong tac chi dao', 'chi dao va dieu hanh', 'tuyen truyen']],
  ['institutions', ['the che', 'van ban quy pham phap luat', 'xay dung phap luat']],
  ['procedures', ['thu tuc hanh chinh', 'tthc', 'mot cua']],
  ['organisation', ['to chuc bo may', 'bo may']],
  ['civil_service', ['che do cong vu', 'cong vu', 'doi ngu can bo', 'cbccvc', 'can bo cong chuc', 'doi ngu']],
  ['public_finance', ['tai chinh cong', 'tai chinh']],
  [
    'digital_government',
    ['hien dai hoa', 'chinh quyen dien tu', 'chinh quyen so', 'chuyen doi so', 'chinh phu dien tu', 'chinh phu so', 'cong nghe thong tin'],
  ],
];

/** The reform area a section title names ("III Cải cách thủ tục hành chính" → procedures), or `unknown`. */
export function reformAreaOf(title: string): ReformArea {
  const folded = foldText(title);
  for (const [area, phrases] of RULES) if (phrases.some((p) => hasWords(folded, p))) return area;
  return 'unknown';
}
