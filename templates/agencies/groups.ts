import { foldText, hasWords } from '../table/fold.ts';

/**
 * True when a name stands for many agencies at once ("Các sở, ban, ngành", "UBND các huyện,
 * thành phố", "Cơ quan hành chính nhà nước các cấp", "Các cơ quan có liên quan"): a report cannot
 * hold one agency to account for it, so it is kept as a group. Takes the expanded name.
 */
export function isCollective(name: string): boolean {
  const f = foldText(name);
  if (/^(cac|tat ca|moi|nhung|toan bo|toan the)\b/.test(f)) return true;
  if (hasWords(f, 'cac cap') || hasWords(f, 'co lien quan') || hasWords(f, 'lien quan')) return true;
  // A level of government, not one body: "UBND cấp huyện", "Phòng ... các xã".
  if (/^(uy ban nhan dan|hoi dong nhan dan|van phong uy ban nhan dan|phong|so|ban|truong|tram)( \S+)?? (cac|cap)\b/.test(f))
    return true;
  // People, not agencies.
  if (/^(cbccvc|cbcc|ccvc|can bo|cong chuc|vien chuc)\b/.test(f)) return true;
  return false;
}
