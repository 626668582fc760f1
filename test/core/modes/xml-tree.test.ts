import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseXmlTree, XmlSyntaxError } from '#core/manifest/xml-tree.ts';

const none = new Set<string>();
const error = (xml: string) => {
  try {
    parseXmlTree(xml, none);
  } catch (err) {
    if (err instanceof XmlSyntaxError) return { message: err.message, line: err.line };
    throw err;
  }
  return undefined;
};

describe('the Cargo-XML reader', () => {
  it('drops namespace prefixes, reads attributes, entities, CDATA and repeated elements', () => {
    const tree = parseXmlTree(
      '<?xml version="1.0"?>\n<!-- c --><ns2:W xmlns:ns2="iata:waybill:1" xmlns="x"><A unitCode="KGM">1.5</A>' +
        "<B>R&amp;D &#x41;&#66;</B><B><![CDATA[<raw>]]></B><C/><D k='v'><E>1</E></D></ns2:W>",
      new Set(['E']),
    );
    expect(tree).toEqual({
      W: {
        A: { '@unitCode': 'KGM', '#text': '1.5' },
        B: ['R&D AB', '<raw>'],
        C: '',
        D: { '@k': 'v', E: ['1'] },
      },
    });
  });

  it('reads a document as fast-xml-parser does (without attributes), for generated trees', () => {
    const name = fc.constantFrom('A', 'B', 'C');
    const tree: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.tuple(name, fc.stringMatching(/^[a-z0-9 ]{0,6}$/)).map(([n, t]) => `<${n}>${t}</${n}>`),
        fc
          .tuple(name, fc.array(tie('node'), { maxLength: 3 }))
          .map(([n, kids]) => `<${n}>${kids.join('')}</${n}>`),
      ),
    })).node as fc.Arbitrary<string>;
    fc.assert(
      fc.property(tree, (xml) => {
        const reference = new XMLParser({ parseTagValue: false, trimValues: true }).parse(xml);
        expect(parseXmlTree(xml, none)).toEqual(reference);
      }),
    );
  });

  it('refuses what is not well formed, with the line', () => {
    expect(error('<A>\n<B></A>')).toMatchObject({ line: 2, message: '</A> where </B> was expected' });
    expect(error('<A>\n\n<B>')).toMatchObject({ line: 3 });
    expect(error('<A>R&D</A>')?.message).toMatch(/entity/);
    expect(error('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><A>&x;</A>')?.message).toMatch(
      /DOCTYPE/,
    );
    expect(error('<A/><B/>')?.message).toMatch(/second root/);
    expect(error('text')?.message).toMatch(/outside the root/);
    expect(error('')?.message).toMatch(/no root/);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = error(s);
        expect(e === undefined || e.line >= 1).toBe(true);
      }),
    );
  });
});
