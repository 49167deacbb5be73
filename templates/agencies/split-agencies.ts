import type { Agency } from '../../ledger/plan.ts';
import { foldText } from '../table/fold.ts';
import { expandAbbreviations } from './abbreviations.ts';
import { isCollective } from './groups.ts';
import { OFFICIAL_NAMES } from './official-names.ts';

/**
 * First words that begin the name of an agency (folded). After a comma or "và", a part that
 * starts with one of them (capitalised) is a new agency; any other part continues the name
 * before it: "Sở Kế hoạch và Đầu tư" is one agency, "Các sở, ban, ngành" one group,
 * "Sở Văn hóa, Thể thao và Du lịch" one agency.
 */
const HEADS = [
  'so', 'phong', 'ban', 'uy ban', 'ubnd', 'hdnd', 'hoi dong', 'van phong', 'vp', 'trung tam', 'bao', 'dai',
  'hiep hoi', 'hoi', 'buu dien', 'thanh tra', 'to', 'cong an', 'cuc', 'chi cuc', 'kho bac', 'bao hiem', 'bhxh',
  'toa an', 'vien', 'co quan', 'don vi', 'to chuc', 'truong', 'benh vien', 'lien doan', 'mat tran', 'mttq',
  'ubmttq', 'doan', 'bo', 'chinh phu', 'tinh uy', 'huyen uy', 'thanh uy', 'thi uy', 'chu tich', 'pho chu tich',
  'lanh dao', 'giam doc', 'doanh nghiep', 'nguoi dung dau', 'thu truong', 'tat ca', 'cong ty', 'tong cong ty',
  'ngan hang', 'chi nhanh', 'thuong truc', 'quy', 'lien minh', 'tap chi', 'cong thong tin', 'trang thong tin',
  'tinh doan', 'huyen doan', 'bo chi huy', 'bo phan',
  'ban quan ly', 'bql', 'hoi dong nhan dan', 'tram', 'hat', 'ttpvhcc', 'cac', 'tap doan', 'vien kiem sat',
];
const HEAD_SET = new Set(HEADS);

/**
 * Every word-prefix of an official name, folded with its abbreviations expanded: "so khoa hoc va
 * cong" is one, so "Sở Khoa học" and "Công nghệ" are never parted.
 */
const OFFICIAL_PREFIXES = new Set<string>();
for (const { name } of OFFICIAL_NAMES) {
  const words = foldText(name).split(' ');
  for (let n = 1; n <= words.length; n++) OFFICIAL_PREFIXES.add(words.slice(0, n).join(' '));
}

/** True when the separator between `left` and `right` falls inside an official name. */
function insideOfficialName(left: string, sep: string, right: string): boolean {
  const firstWord = foldText(expandAbbreviations(right)).split(' ')[0] ?? '';
  return OFFICIAL_PREFIXES.has(`${foldText(expandAbbreviations(left + sep))} ${firstWord}`.trim());
}

// Words that make a piece a sentence about agencies rather than a name ("Bộ KH&CN với các tiêu chuẩn ...").
const SENTENCE_WORDS = /\b(voi|de|nham|theo|ve viec|doi voi|thong qua|dam bao|tieu chuan|quy dinh)\b/;
const NAME_MAX_WORDS = 14;

/** A piece that names an agency: starts like one, and reads as a name rather than as a sentence. */
function isAgencyName(piece: string): boolean {
  const outside = piece.replace(/\([^)]*\)/g, ' ');
  const folded = foldText(expandAbbreviations(outside));
  if (folded === '' || folded.split(' ').length > NAME_MAX_WORDS) return false;
  if (OFFICIAL_PREFIXES.has(folded)) return true;
  if (SENTENCE_WORDS.test(folded)) return false;
  return startsNewAgency(piece);
}

function startsNewAgency(part: string): boolean {
  const trimmed = part.trim();
  if (trimmed === '') return false;
  const words = foldText(trimmed).split(' ');
  if (words[0] === 'cac') return true; // "và các cơ quan có liên quan" starts a group even in lower case
  const first = trimmed[0]!;
  if (first === first.toLowerCase()) return false;
  return HEAD_SET.has(words[0]!) || HEAD_SET.has(`${words[0]} ${words[1]}`) || HEAD_SET.has(`${words[0]} ${words[1]} ${words[2]}`);
}

/** Splits text at top-level separators (not inside parentheses), keeping each separator. */
function tokens(text: string): Array<{ sep: string; part: string }> {
  const out: Array<{ sep: string; part: string }> = [];
  const re = /\s*,\s*|\s+và\s+|\s+cùng\s+/giy;
  let depth = 0;
  let start = 0;
  let sep = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    if (depth > 0) continue;
    re.lastIndex = i;
    const m = re.exec(text);
    if (m && m[0].length > 0) {
      out.push({ sep, part: text.slice(start, i) });
      sep = m[0];
      start = i + m[0].length;
      i = start - 1;
    }
  }
  out.push({ sep, part: text.slice(start) });
  return out;
}

const tidy = (s: string) =>
  s
    .replace(/^[\s\-–+•*·.,;:]+/, '')
    .replace(/[\s.,;:]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();

const capitalise = (s: string) => (s === '' ? s : s[0]!.toUpperCase() + s.slice(1));

/**
 * The agencies a lead or coordinating cell names, in order. Strong separators (line breaks, ";",
 * "+") always split; "," and "và" split only before the start of another agency name. Each agency
 * keeps its text as written (`raw`) next to the expanded name; collective names are groups.
 */
export function splitAgencies(cell: string): Agency[] {
  // A table names the same few agencies row after row: split each distinct cell once.
  let known = SPLIT_CACHE.get(cell);
  if (!known) {
    if (SPLIT_CACHE.size >= 2_000) SPLIT_CACHE.clear();
    known = split(cell);
    SPLIT_CACHE.set(cell, known);
  }
  return known.map((a) => ({ ...a }));
}

const SPLIT_CACHE = new Map<string, Agency[]>();

function split(cell: string): Agency[] {
  const out: Agency[] = [];
  for (const chunk of cell.normalize('NFC').split(/\s*(?:[\n;]|\s\+\s|\+(?=\s*\p{Lu}))\s*/u)) {
    const pieces: string[] = [];
    let current = '';
    for (const { sep, part } of tokens(chunk)) {
      if (current !== '' && startsNewAgency(part) && !insideOfficialName(current, sep, part)) {
        pieces.push(current);
        current = part;
      } else {
        current = current === '' ? part : current + sep + part;
      }
    }
    pieces.push(current);
    // Split only where every side is an agency: a sentence in the cell keeps its text whole.
    if (pieces.length > 1 && !pieces.every(isAgencyName)) push(out, chunk);
    else for (const piece of pieces) push(out, piece);
  }
  return out;
}

function push(out: Agency[], text: string): void {
  const raw = tidy(text);
  if (raw === '' || foldText(raw) === '') return;
  const name = capitalise(tidy(expandAbbreviations(raw)));
  out.push({ name, raw, group: isCollective(name) });
}
