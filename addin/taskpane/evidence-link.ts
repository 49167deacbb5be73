import { el } from './dom.ts';

/**
 * An evidence citation as the pane shows it: its words, then its address as a link that opens the
 * document in a new window. Only an https address becomes a link (the ledger holds no other).
 */
export function evidenceWithLink(text: string, link: string | null): Array<Node | string> {
  if (!link || !link.startsWith('https://')) return [text];
  const words = text.endsWith(link) ? text.slice(0, -link.length).trim() : text;
  const anchor = el('a', { class: 'evidence-link', attrs: { href: link, target: '_blank', rel: 'noopener noreferrer' } }, linkName(link));
  anchor.title = link;
  return words === '' ? [anchor] : [`${words} `, anchor];
}

/** What a link says: the document's file name in its address ("Bao-cao-Q2.pdf"), else the site. */
function linkName(link: string): string {
  const url = new URL(link);
  const last = url.pathname.split('/').filter((part) => part !== '').at(-1);
  try {
    return last ? decodeURIComponent(last) : url.hostname;
  } catch {
    return last ?? url.hostname;
  }
}
