/**
 * A small, strict XML reader for the Cargo-XML messages: elements, attributes, text, the five
 * predefined entities and character references, comments, CDATA and processing instructions.
 * Namespace prefixes are dropped (`ns2:Waybill` -> `Waybill`, `xmlns` attributes ignored).
 * A DOCTYPE (and with it any entity definition or external reference) is refused. Written here
 * because fast-xml-parser took about 11 ms to validate and parse one 13 kB XFWB, below the
 * 5,000 air waybills/s the intake is meant to reach; this reads it in well under a millisecond.
 *
 * The tree: an element is a string (its trimmed text) when it has neither attributes nor child
 * elements, else an object with `@name` attributes, `#text` and its children; a child that
 * repeats, or whose name is in `arrayTags`, is a list.
 */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

interface Frame {
  qname: string;
  name: string;
  node: XmlNode;
  text: string;
  elements: boolean;
  attributes: boolean;
}

const NAME = /[^\s/>=]+/y;
const ATTRIBUTE = /\s+([^\s/>=]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);|&/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXmlTree(xml: string, arrayTags: ReadonlySet<string>, maxDepth = 64): XmlNode {
  const fail = (message: string, at: number): never => {
    let line = 1;
    let lineStart = 0;
    for (let k = xml.indexOf('\n'); k !== -1 && k < at; k = xml.indexOf('\n', k + 1)) {
      line++;
      lineStart = k + 1;
    }
    throw new XmlSyntaxError(message, line, at - lineStart + 1);
  };
  const decode = (raw: string, at: number): string =>
    raw.includes('&')
      ? raw.replace(ENTITY, (m, ref: string | undefined) => {
          if (!ref) return fail('"&" that starts no entity (write &amp;)', at);
          if (ref[0] !== '#') return NAMED[ref] as string;
          const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
          if (code > 0x10ffff || code === 0) return fail(`character reference ${m} is not a character`, at);
          return String.fromCodePoint(code);
        })
      : raw;
  const local = (qname: string) => {
    const colon = qname.indexOf(':');
    return colon === -1 ? qname : qname.slice(colon + 1);
  };
  const addChild = (parent: XmlNode, name: string, value: XmlValue) => {
    const existing = parent[name];
    if (existing === undefined) parent[name] = arrayTags.has(name) ? [value] : value;
    else if (Array.isArray(existing)) existing.push(value);
    else parent[name] = [existing, value];
  };

  const document: Frame = { qname: '', name: '', node: {}, text: '', elements: false, attributes: false };
  const stack: Frame[] = [document];
  let rootSeen = false;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const top = stack[stack.length - 1] as Frame;
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      if (stack.length === 1) {
        if (raw.trim() !== '') fail('text outside the root element', i);
      } else top.text += decode(raw, i);
    }
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      if (end === -1) fail('a comment that is never closed', lt);
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      if (end === -1 || stack.length === 1)
        fail('a CDATA section that is never closed or outside the root', lt);
      top.text += xml.slice(lt + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) fail('a processing instruction that is never closed', lt);
      i = end + 2;
    } else if (xml[lt + 1] === '!') {
      fail('a DOCTYPE or other declaration: not accepted in an air waybill message', lt);
    } else if (xml[lt + 1] === '/') {
      const end = xml.indexOf('>', lt);
      if (end === -1) fail('an end tag that is never closed', lt);
      const qname = xml.slice(lt + 2, end).trim();
      if (stack.length === 1 || qname !== top.qname) {
        fail(
          stack.length === 1
            ? `</${qname}> closes nothing`
            : `</${qname}> where </${top.qname}> was expected`,
          lt,
        );
      }
      stack.pop();
      close(top, stack[stack.length - 1] as Frame);
      i = end + 1;
    } else {
      NAME.lastIndex = lt + 1;
      const qname = NAME.exec(xml)?.[0];
      if (!qname) fail('"<" that starts no tag (write &lt;)', lt);
      if (stack.length === 1 && rootSeen) fail('a second root element', lt);
      if (stack.length > maxDepth) fail(`elements nested more than ${maxDepth} deep`, lt);
      const frame: Frame = {
        qname: qname as string,
        name: local(qname as string),
        node: {},
        text: '',
        elements: false,
        attributes: false,
      };
      let at = lt + 1 + (qname as string).length;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const a = ATTRIBUTE.exec(xml);
        if (!a) break;
        at = ATTRIBUTE.lastIndex;
        const attr = a[1] as string;
        if (attr === 'xmlns' || attr.startsWith('xmlns:')) continue;
        frame.node[`@${local(attr)}`] = decode(a[2] ?? a[3] ?? '', at);
        frame.attributes = true;
      }
      TAG_END.lastIndex = at;
      const end = TAG_END.exec(xml);
      if (!end) fail(`the tag <${qname}> is malformed`, lt);
      rootSeen = true;
      top.elements = true;
      i = TAG_END.lastIndex;
      if (end?.[1] === '/') close(frame, top);
      else stack.push(frame);
    }
  }
  if (stack.length > 1) fail(`<${(stack[stack.length - 1] as Frame).qname}> is never closed`, xml.length);
  if (!rootSeen) fail('no root element', 0);
  return document.node;

  function close(frame: Frame, parent: Frame): void {
    const text = frame.text.trim();
    if (!frame.elements && !frame.attributes) {
      addChild(parent.node, frame.name, text);
      return;
    }
    if (text) frame.node['#text'] = text;
    addChild(parent.node, frame.name, frame.node);
  }
}
