import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamDateOf } from '../../ledger/dates.ts';
import type { PlanIdentity } from '../../ledger/plan.ts';
import { expandAbbreviations } from '../agencies/abbreviations.ts';
import type { OfficialHeader } from './official-header.ts';
import type { ReportConfig } from './report-config.ts';
import { periodNameVi, type ReportPeriod } from './report-period.ts';

const LOCALITY = /(?:tỉnh|thành phố|huyện|quận|thị xã)\s+(.+)$/iu;

/** "Ủy ban nhân dân tỉnh Bến Tre" → "Bến Tre": where an authority sits, for the place line. */
export function placeOf(issuer: string): string | null {
  return LOCALITY.exec(issuer.trim())?.[1]?.trim() ?? null;
}

/**
 * The symbol after the number: "BC-UBND" for a people's committee, else the initials of the body
 * ("Sở Giáo dục và Đào tạo" → "BC-SGDĐT", "Sở Nội vụ" → "BC-SNV").
 */
export function reportSymbolOf(issuer: string): string {
  if (/^Ủy ban nhân dân\b/iu.test(issuer)) return 'BC-UBND';
  const body = issuer.replace(LOCALITY, '').trim();
  const initials = body
    .split(/\s+/)
    .filter((w) => w && !/^(và|của|-)$/iu.test(w))
    .map((w) => w[0]!.toLocaleUpperCase('vi'))
    .join('');
  return `BC-${initials || 'CQ'}`;
}

/**
 * The official header of a period report: the issuer from the configuration, else the plan's
 * issuer written in full; the report's date is knownAt's date in Vietnam, so that the same inputs
 * always give the same header.
 */
export function periodReportHeader(plan: PlanIdentity | null, period: ReportPeriod, knownAt: IsoInstant, config: ReportConfig): OfficialHeader {
  const doc = config.document;
  const issuer = doc.issuer ?? expandAbbreviations(plan?.issuer ?? 'Cơ quan báo cáo');
  const symbol = doc.symbol ?? reportSymbolOf(issuer);
  const planName = plan ? lowerFirstWord(plan.title.replace(/^Kế hoạch\s+/iu, '')) : 'cải cách hành chính';
  return {
    ...(doc.parentIssuer !== undefined && { parentIssuer: doc.parentIssuer }),
    issuer,
    numberLine: `Số: ${doc.number ?? '       '}/${symbol}`,
    place: doc.place ?? placeOf(issuer) ?? '..........',
    date: vietnamDateOf(knownAt),
    title: 'Báo cáo',
    subtitle: [`Kết quả thực hiện Kế hoạch ${planName}`, `Kỳ báo cáo: ${periodNameVi(period)}`],
  };
}

/** "Công tác cải cách ..." → "công tác cải cách ..." inside a sentence; "CCHC năm 2021" stays. */
function lowerFirstWord(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? '';
  return first === first.toLocaleUpperCase('vi') ? text : text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}
