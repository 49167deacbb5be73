import type { IsoInstant } from '../../ledger/dates.ts';
import { vietnamDateOf } from '../../ledger/dates.ts';
import type { PlanIdentity } from '../../ledger/plan.ts';
import { expandAbbreviations } from '../agencies/abbreviations.ts';
import type { OfficialHeader, Signature } from './official-header.ts';
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
 * An agency's name as it issues in its province: "Sở Nội vụ" in "tỉnh Bến Tre" is "Sở Nội vụ tỉnh
 * Bến Tre"; a name that already says the province ("Sở Nội vụ tỉnh Bến Tre") is left as it is.
 */
export function issuerInProvince(officialName: string, province: string): string {
  const [name, place] = [officialName.trim().normalize('NFC'), province.trim().normalize('NFC')];
  return name.toLocaleLowerCase('vi').includes(place.toLocaleLowerCase('vi')) ? name : `${name} ${place}`;
}

/**
 * The issuing body's lines: a people's committee stands alone; a body inside a locality ("Sở Nội vụ
 * tỉnh Hà Tĩnh") prints under its committee ("UBND TỈNH HÀ TĨNH" over "SỞ NỘI VỤ"), as Nghị định
 * 30/2020 writes an agency's name under the body that governs it.
 */
export function issuerLines(issuer: string): { parentIssuer?: string; issuer: string } {
  const locality = LOCALITY.exec(issuer.trim());
  if (!locality || /^Ủy ban nhân dân\b/iu.test(issuer.trim())) return { issuer };
  const body = issuer.trim().slice(0, locality.index).trim();
  const level = /^(tỉnh|thành phố|huyện|quận|thị xã)/iu.exec(locality[0])![1]!.toLocaleLowerCase('vi');
  return body ? { parentIssuer: `UBND ${level} ${locality[1]!.trim()}`, issuer: body } : { issuer };
}

/**
 * The official header of a period report: the issuer from the configuration, else the plan's
 * issuer written in full (under its committee when it is a department of a locality); the place
 * from the configuration, the issuer or its parent body; the report's date is knownAt's date in
 * Vietnam, so that the same inputs always give the same header.
 */
export function periodReportHeader(plan: PlanIdentity | null, period: ReportPeriod, knownAt: IsoInstant, config: ReportConfig): OfficialHeader {
  const planName = plan ? lowerFirstWord(plan.title.replace(/^Kế hoạch\s+/iu, '')) : 'cải cách hành chính';
  return reportHeader(expandAbbreviations(plan?.issuer ?? 'Cơ quan báo cáo'), knownAt, config, [`Kết quả thực hiện Kế hoạch ${planName}`, `Kỳ báo cáo: ${periodNameVi(period)}`]);
}

/**
 * The official header of a report by `issuer` (unless the configuration names another), dated
 * knownAt's day in Vietnam, with the lines under the title.
 */
export function reportHeader(issuer: string, knownAt: IsoInstant, config: ReportConfig, subtitle: string[]): OfficialHeader {
  const doc = config.document;
  const fullIssuer = doc.issuer ?? issuer;
  const lines = doc.parentIssuer !== undefined ? { parentIssuer: doc.parentIssuer, issuer: fullIssuer } : issuerLines(fullIssuer);
  const symbol = doc.symbol ?? reportSymbolOf(lines.issuer);
  const parentPlace = lines.parentIssuer ? placeOf(expandAbbreviations(lines.parentIssuer)) : null;
  return {
    ...(lines.parentIssuer && { parentIssuer: lines.parentIssuer }),
    issuer: lines.issuer,
    numberLine: `Số: ${doc.number ?? '       '}/${symbol}`,
    place: doc.place ?? placeOf(fullIssuer) ?? parentPlace ?? '..........',
    date: vietnamDateOf(knownAt),
    title: 'Báo cáo',
    subtitle,
  };
}

/** Who the report goes to and who signs it, from the configuration; blanks to fill in by hand when not configured. */
export function periodReportSignature(config: ReportConfig): Signature {
  const doc = config.document;
  return {
    recipients: doc.recipients ?? ['Lưu: VT.'],
    authority: doc.signer?.authority ?? [],
    title: doc.signer?.title ?? '(Chức vụ người ký)',
    name: doc.signer?.name ?? '',
  };
}

/** "Công tác cải cách ..." → "công tác cải cách ..." inside a sentence; "CCHC năm 2021" stays. */
function lowerFirstWord(text: string): string {
  const first = text.split(/\s/, 1)[0] ?? '';
  return first === first.toLocaleUpperCase('vi') ? text : text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}
