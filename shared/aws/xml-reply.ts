/**
 * The XML of an AWS query-protocol reply, read into elements: each one's
 * name, children in order and text, its entities decoded. As much XML as
 * AWS sends (a declaration, elements, attributes only for namespaces, the
 * five named entities and numeric ones; CDATA and comments are read too),
 * and what falls outside it is refused rather than guessed at: a filter
 * policy is JSON full of `&quot;`, and must come back exactly as it was set.
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  /** The text directly inside the element, decoded; for an element with children, the whitespace between them. */
  text: string;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Text with `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NN;` `&#xHH;` decoded; an `&` that starts none of them is an error, as in XML. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-fA-F]+);|#([0-9]+);|(amp|lt|gt|quot|apos);)?/g, (_: string, hex: string | undefined, decimal: string | undefined, named: string | undefined, offset: number) => {
    if (named) return NAMED[named]!;
    const code = hex ? Number.parseInt(hex, 16) : decimal ? Number.parseInt(decimal, 10) : undefined;
    if (code === undefined || code > 0x10ffff) throw new XmlError(`"${text.slice(offset, offset + 12)}": an & that starts no entity XML knows`);
    return String.fromCodePoint(code);
  });
}

// At a `<`: a declaration, a comment, a CDATA section (1), or a tag: closing (2), its name (3), self-closing (4). Attributes are read past, quotes and all.
const MARKUP = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)([A-Za-z_][\w.:-]*)(?:\s+(?:[^>"'/]|\/(?!>)|"[^"]*"|'[^']*')*)?(\/?)>/y;

/** The document's root element. */
export function parseXml(xml: string): XmlElement {
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < xml.length) {
    const next = xml.indexOf('<', at);
    const text = xml.slice(at, next === -1 ? xml.length : next);
    if (open.length > 0) open.at(-1)!.text += decodeEntities(text);
    else if (text.trim()) throw new XmlError('text outside the root element');
    if (next === -1) break;
    MARKUP.lastIndex = next;
    const markup = MARKUP.exec(xml);
    if (!markup) throw new XmlError(`unreadable markup at ${next}: ${xml.slice(next, next + 20)}`);
    at = MARKUP.lastIndex;
    const [, cdata, closing, name, selfClosing] = markup;
    if (cdata !== undefined) {
      if (open.length === 0) throw new XmlError('CDATA outside the root element');
      open.at(-1)!.text += cdata;
    } else if (name !== undefined && closing) {
      const element = open.pop();
      if (element?.name !== name) throw new XmlError(`</${name}> closes ${element ? `<${element.name}>` : 'nothing'}`);
    } else if (name !== undefined) {
      const element: XmlElement = { name, children: [], text: '' };
      if (open.length > 0) open.at(-1)!.children.push(element);
      else if (root) throw new XmlError(`a second root element, <${name}>`);
      else root = element;
      if (!selfClosing) open.push(element);
    }
  }
  if (open.length > 0) throw new XmlError(`<${open.at(-1)!.name}> is not closed`);
  if (!root) throw new XmlError('no element');
  return root;
}

export const childNamed = (element: XmlElement | undefined, name: string): XmlElement | undefined => element?.children.find((child) => child.name === name);
export const childrenNamed = (element: XmlElement | undefined, name: string): XmlElement[] => element?.children.filter((child) => child.name === name) ?? [];
/** The text of the element's child of that name; undefined if it has none. */
export const textOf = (element: XmlElement | undefined, name: string): string | undefined => childNamed(element, name)?.text;
