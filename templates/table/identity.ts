import { isRealDate, type IsoDate } from '../../ledger/dates.ts';
import { foldText } from './fold.ts';

/** What the text around the table says about the plan, as far as it can be found. */
export interface PlanIdentityGuess {
  title?: string; // "CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH TRỌNG TÂM TRIỂN KHAI TRONG NĂM 2021"
  year?: number; // from the title ("năm 2021"); the first year of a period
  /** The years a plan over several years runs through: "giai đoạn 2021-2025", "năm 2025-2030". */
  period?: { from: number; to: number };
  number?: string; // "7018/KH-UBND"; absent when the document left it blank
  date?: IsoDate; // of the plan the appendix is attached to
  issuer?: string; // "Ủy ban nhân dân tỉnh Bến Tre"
  /** The line that names the plan ("Kèm theo Kế hoạch số ..."), as written. */
  attachedTo?: string;
  /** Set when the document prints a number field with no number in it ("Số: /KH-SGDĐT"). */
  numberLeftBlank?: boolean;
}

/**
 * Reads the title block: the lines just above the header, nearest last. Recognises the
 * "PHỤ LỤC" line, the title under it, and "(Kèm theo Kế hoạch số 7018 /KH-UBND ngày 29 tháng 12
 * năm 2020 của Ủy ban nhân dân tỉnh Bến Tre)".
 */
export function guessIdentity(lines: string[]): PlanIdentityGuess {
  const guess: PlanIdentityGuess = {};
  const clean = lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
  let start = 0;
  for (let i = clean.length - 1; i >= 0; i--) {
    if (/^phu luc\b/.test(foldText(clean[i]!))) {
      start = i + 1;
      break;
    }
  }
  const block = clean.slice(start);
  const titleLines: string[] = [];
  for (const line of block) {
    const folded = foldText(line);
    if (/\bkem theo\b/.test(folded)) {
      readAttachment(line, guess);
      continue;
    }
    if (guess.attachedTo === undefined && isTitleLine(folded)) titleLines.push(line);
  }
  if (titleLines.length > 0) {
    guess.title = titleLines.join(' ').replace(/^[(\s]+|[)\s]+$/g, '');
    const year = /\bn[aă]m\s+(\d{4})\b/iu.exec(guess.title) ?? /\b((?:19|20|21)\d{2})\b/.exec(guess.title);
    if (year) guess.year = Number(year[1]);
  }
  const period = periodOf(guess.title ?? '') ?? periodOf(block.join(' '));
  if (period) {
    guess.period = period;
    guess.year = period.from;
  }
  return guess;
}

/** "giai đoạn 2021-2025", "năm 2025 - 2030", "2021-2025" in the title or the identity block. */
function periodOf(text: string): { from: number; to: number } | undefined {
  const m = /(?:giai đoạn|giai doan|n[aă]m)\s*((?:19|20|21)\d{2})\s*[-–—]\s*((?:19|20|21)\d{2})(?!\d)/iu.exec(text) ?? /(?<![\d/])((?:19|20|21)\d{2})\s*[-–—]\s*((?:19|20|21)\d{2})(?![\d/])/u.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return to > from && to - from <= 20 ? { from, to } : undefined;
}

/** A line of a title: words, not a date line, a signature or a number alone. */
function isTitleLine(folded: string): boolean {
  if (folded.split(' ').length < 3) return false;
  return !/^(so|ngay|noi nhan|tm|kt|chu tich|giam doc)\b/.test(folded);
}

function readAttachment(line: string, guess: PlanIdentityGuess): void {
  const text = line.replace(/^[(\s]+|[)\s]+$/g, '');
  guess.attachedTo = text;
  const number = /s[ốo]\s*:?\s*(\d*)\s*\/\s*([\p{L}\p{N}-]+)/iu.exec(text);
  if (number) {
    if (number[1]) guess.number = `${number[1]}/${number[2]}`;
    else guess.numberLeftBlank = true;
  }
  const words = /ng[àa]y\s+(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s+n[ăa]m\s+(\d{4})/iu.exec(text);
  const slashes = /ng[àa]y\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/iu.exec(text);
  const d = words ?? slashes;
  if (d) {
    const iso = `${d[3]}-${d[2]!.padStart(2, '0')}-${d[1]!.padStart(2, '0')}`;
    if (isRealDate(iso)) guess.date = iso;
  }
  const issuer = /\bc[ủu]a\s+(.+)$/iu.exec(text);
  // A form left blank ("của ……") names nobody.
  if (issuer && /\p{L}/u.test(issuer[1]!)) guess.issuer = issuer[1]!.replace(/[.;,\s]+$/, '');
}
