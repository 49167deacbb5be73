import { parseUserDate } from '../../ledger/dates.ts';
import { foldDiacritics } from '../../ledger/fold.ts';
import { LedgerError } from '../../ledger/errors.ts';
import type { DocumentRef } from '../../ledger/events.ts';
import { splitLinks } from './document-link.ts';

// Document kinds as Vietnamese administrative writing names them (Nghị định 30/2020, Phụ lục III).
const KINDS = [
  'Kế hoạch',
  'Báo cáo',
  'Quyết định',
  'Công văn',
  'Thông báo',
  'Nghị quyết',
  'Tờ trình',
  'Chỉ thị',
  'Hướng dẫn',
  'Biên bản',
  'Thông tư',
  'Nghị định',
  'Giấy mời',
  'Văn bản',
];

// "513/KH-UBND", "12/2021/QĐ-UBND", "7018 /KH-UBND" (a space before the slash is common in real plans).
const NUMBER = /(?:số|so)?\s*[:.]?\s*(\d+(?:\s*\/\s*[\p{L}\d-]+)+)/iu;
const DATE_NUMERIC = /ng[àa]y\s+(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})/iu;
const DATE_WORDS = /ng[àa]y\s+(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s+n[ăa]m\s+(\d{4})/iu;
const ISSUER = /\s+của\s+(.+?)(?:\s+về\s+việc\s+|\s+v\/v\s+|$)/iu;
const TITLE = /(?:về\s+việc|v\/v)\s+(.+)$/iu;

/**
 * Reads a citation of a document as staff type it ("Kế hoạch số 513/KH-UBND ngày 31/12/2020 của
 * UBND tỉnh", perhaps followed by its https address) into its parts. What it cannot place stays in
 * `title`, so nothing typed is lost. Throws a LedgerError for an address that is not https, or for
 * two addresses in one citation (two documents: one a line).
 */
export function parseDocumentRef(text: string): DocumentRef {
  const { links, rest } = splitLinks(text.normalize('NFC'));
  if (links.length > 1) {
    throw new LedgerError(
      'schema',
      `Một trích dẫn tài liệu có ${links.length} đường dẫn: mỗi tài liệu một dòng (hoặc cách nhau bằng dấu ";").`,
      `One citation holds ${links.length} addresses: one document a line (or separated by ";").`,
      { field: 'evidence' },
    );
  }
  const link = links[0];
  if (link !== undefined && rest === '') return { kind: 'Văn bản', link };
  return { ...parseCitation(rest), ...(link !== undefined && { link }) };
}

function parseCitation(text: string): DocumentRef {
  const source = text.replace(/\s+/g, ' ').trim();
  const folded = foldDiacritics(source);
  const kind = KINDS.find((k) => folded.startsWith(foldDiacritics(k)));
  const number = NUMBER.exec(source)?.[1]?.replace(/\s+/g, '');
  const numeric = DATE_NUMERIC.exec(source)?.[1];
  const words = DATE_WORDS.exec(source);
  const date = numeric ? parseUserDate(numeric) : words ? parseUserDate(`${words[1]}/${words[2]}/${words[3]}`) : null;
  const issuer = ISSUER.exec(source)?.[1]?.trim();
  const title = TITLE.exec(source)?.[1]?.trim();
  const understood = Boolean(kind && (number || date));
  return {
    kind: kind ?? 'Văn bản',
    ...(number && { number }),
    ...(date && { date }),
    ...(issuer && { issuer }),
    ...(title ? { title } : !understood && { title: source }),
  };
}

/** The way a report cites a document: "Kế hoạch số 513/KH-UBND ngày 31/12/2020", then its address if it has one. */
export function formatDocumentRef(doc: DocumentRef): string {
  if (doc.link === undefined) return citationText(doc);
  const bare = doc.kind === 'Văn bản' && !doc.number && !doc.date && !doc.title && !doc.issuer;
  return bare ? doc.link : `${citationText(doc)} ${doc.link}`;
}

function citationText(doc: DocumentRef): string {
  const parts = [doc.kind];
  if (doc.number) parts.push(`số ${doc.number}`);
  if (doc.date) {
    const [y, m, d] = doc.date.split('-');
    parts.push(`ngày ${d}/${m}/${y}`);
  }
  if (doc.issuer) parts.push(`của ${doc.issuer}`);
  if (doc.title && (doc.number || doc.date)) parts.push(`về việc ${doc.title}`);
  else if (doc.title) return doc.kind === 'Văn bản' ? doc.title : `${doc.kind}: ${doc.title}`;
  return parts.join(' ');
}
