import { LedgerError } from '../../ledger/errors.ts';

/**
 * Addresses in an evidence citation: a document kept in SharePoint, OneDrive or the agency's
 * document system is cited by its https address. Anything else that looks like an address
 * ("http://", "file://", "javascript:", "data:") is refused: a report or a pane showing it as a
 * link would send readers to an unprotected or local place, or run a script.
 */

// "scheme://…", or the schemes that need no "//" to do harm ("javascript:alert(1)"; "data: 30%" is words).
const SCHEME = String.raw`\b(?:[a-z][a-z0-9+.-]*:\/\/|(?:javascript|vbscript|data|file):(?=\S))`;
const ADDRESS = new RegExp(`${SCHEME}\\S*`, 'giu');
const STARTS_WITH_ADDRESS = new RegExp(`^${SCHEME}`, 'iu');
// Punctuation closing the sentence around an address, not part of it: "(xem https://…/a.pdf)."
const TRAILING = /[).,;]+$/u;

/** The https addresses of `text`, in order, and the text without them. Throws for an address of another scheme. */
export function splitLinks(text: string): { links: string[]; rest: string } {
  const links: string[] = [];
  const rest = text.replace(ADDRESS, (address) => {
    const trailing = TRAILING.exec(address)?.[0] ?? '';
    links.push(checkedLink(address.slice(0, address.length - trailing.length)));
    return ` ${trailing}`;
  });
  return { links, rest: rest.replace(/\s+/g, ' ').trim() };
}

/** `address` when it is an https address a browser can open, else a LedgerError saying where and why. */
export function checkedLink(address: string): string {
  let url: URL | null = null;
  try {
    url = new URL(address);
  } catch {
    url = null;
  }
  if (url?.protocol === 'https:' && url.hostname !== '') return url.href;
  throw new LedgerError(
    'schema',
    `Địa chỉ "${address}" trong tài liệu kiểm chứng không phải địa chỉ https: chỉ ghi đường dẫn https:// tới tài liệu (SharePoint, OneDrive hoặc hệ thống quản lý văn bản).`,
    `The address "${address}" in the evidence is not an https address: give only https:// links to the document (SharePoint, OneDrive or the document system).`,
    { field: 'evidence' },
  );
}

/**
 * The citations of an evidence cell: one a line, or separated by ";" outside addresses (a
 * SharePoint address may hold ";"). A line citing several addresses is one document per address,
 * each with the words before it.
 */
export function splitCitations(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    let current = '';
    for (const token of line.split(/(\s+)/)) {
      if (STARTS_WITH_ADDRESS.test(token)) {
        current += token;
        continue;
      }
      const pieces = token.split(';');
      current += pieces[0];
      for (const piece of pieces.slice(1)) {
        out.push(current);
        current = piece;
      }
    }
    out.push(current);
  }
  return out.flatMap(onePerAddress).map((part) => part.trim()).filter((part) => part !== '');
}

function onePerAddress(citation: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const match of citation.matchAll(ADDRESS)) {
    const end = match.index + match[0].length;
    parts.push(citation.slice(from, end));
    from = end;
  }
  // Words after the last address still describe its document ("… https://… (bản ký số)").
  if (parts.length === 0) return [citation];
  parts[parts.length - 1] += citation.slice(from);
  return parts;
}
