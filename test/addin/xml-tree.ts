/**
 * A small XML reader for the add-in manifest test: elements in document order with their
 * attributes, comments and the declaration skipped. It throws on a tag that does not close, a
 * stray closing tag or text after the root, so it also checks that the file is well-formed.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const token = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const [whole, closing, opening, attrs, selfClosing, chars, stray] = m;
    if (stray) throw new Error(`malformed markup at offset ${m.index}`);
    if (whole.startsWith('<!--') || whole.startsWith('<?')) continue;
    if (chars !== undefined) {
      if (stack.length === 0) {
        if (chars.trim() !== '') throw new Error(`text outside the root element at offset ${m.index}`);
        continue;
      }
      stack[stack.length - 1]!.text += decode(chars);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== closing) throw new Error(`</${closing}> closes <${open?.name ?? 'nothing'}> at offset ${m.index}`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of (attrs ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes[a[1]!] = decode(a[2] ?? a[3] ?? '');
    const element: XmlElement = { name: opening!, attributes, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element below `root` (itself included), depth first. */
export function* walk(root: XmlElement): Iterable<XmlElement> {
  yield root;
  for (const child of root.children) yield* walk(child);
}

/** The local name, without its prefix ("bt:Image" → "Image"). */
export const localName = (e: XmlElement) => e.name.replace(/^.*:/, '');
