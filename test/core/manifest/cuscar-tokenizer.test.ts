import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdifactTokenizer, type Segment, tokenizeEdifact } from '#core/manifest/cuscar-tokenizer.ts';

function tokenize(chunks: string[]): Segment[] {
  const t = new EdifactTokenizer();
  const out: Segment[] = [];
  for (const c of chunks) out.push(...t.push(c));
  out.push(...t.end());
  return out;
}

const brief = (segments: Segment[]) => segments.map((s) => [s.tag, s.elements, s.line]);

describe('EDIFACT tokenizer', () => {
  it('splits segments, elements and components with the default separators', () => {
    const [eqd] = tokenize(["EQD+CN+MSKU7351770:6346:5+22G1'"]);
    expect(eqd).toEqual({ tag: 'EQD', elements: [['CN'], ['MSKU7351770', '6346', '5'], ['22G1']], line: 1 });
  });

  it('unescapes the release character before each special character, and itself', () => {
    const [ftx] = tokenize(["FTX+AAA+++O?'BRIEN ?+ SONS?: 50?? OFF'"]);
    expect(ftx?.elements[3]).toEqual(["O'BRIEN + SONS: 50? OFF"]);
  });

  it('reads non-default separators from UNA, including a release character', () => {
    const text = 'UNA|*.! ~UNB*UNOA|3*A*B~FTX*AAA***ONE|TWO !~ STILL TWO~';
    const segments = tokenize([text]);
    expect(segments.map((s) => s.tag)).toEqual(['UNB', 'FTX']);
    expect(segments[1]?.elements[3]).toEqual(['ONE', 'TWO ~ STILL TWO']);
    expect(segments[0]?.elements[0]).toEqual(['UNOA', '3']);
  });

  it('takes a space in the UNA release position as "no release character"', () => {
    const [seg] = tokenize(["UNA:+.  'FTX+AAA+++50? OFF'"]);
    expect(seg?.elements[3]).toEqual(['50? OFF']);
  });

  it('skips a BOM and line breaks between segments and counts lines from where each segment starts', () => {
    const text = "\uFEFFUNB+UNOA:4+X+Y'\r\n\r\nUNH+1+CUSCAR:D:03B:UN'BGM+85'\r\n  DTM+132:20260101:102'\r\n";
    expect(brief(tokenize([text]))).toEqual([
      ['UNB', [['UNOA', '4'], ['X'], ['Y']], 1],
      ['UNH', [['1'], ['CUSCAR', 'D', '03B', 'UN']], 3],
      ['BGM', [['85']], 3],
      ['DTM', [['132', '20260101', '102']], 4],
    ]);
  });

  it('drops line breaks inside a segment (senders that wrap long lines)', () => {
    const [seg] = tokenize(["FTX+AAA+++IRON CO\r\nIL'"]);
    expect(seg?.elements[3]).toEqual(['IRON COIL']);
  });

  it('flags a malformed tag and an unterminated last segment', () => {
    const segments = tokenize(["BGM+85'#!x+1'UNZ+1+5"]);
    expect(segments.map((s) => [s.tag, s.malformed, s.unterminated])).toEqual([
      ['BGM', undefined, undefined],
      ['#!x', 'tag', undefined],
      ['UNZ', undefined, true],
    ]);
  });

  it('never buffers a runaway segment: reports it once and resumes after the next terminator', () => {
    const t = new EdifactTokenizer({ maxSegmentLength: 100 });
    const out: Segment[] = [];
    out.push(...t.push("UNB+UNOA:3+A+B'FTX+AAA+++"));
    for (let i = 0; i < 50; i++) out.push(...t.push('x'.repeat(1000)));
    out.push(...t.push("'BGM+85'"));
    out.push(...t.end());
    expect(out.map((s) => s.malformed ?? s.tag)).toEqual(['UNB', 'runaway', 'BGM']);
  });

  it('handles a UNA split across chunks', async () => {
    const segments: Segment[] = [];
    for await (const s of tokenizeEdifact(['UN', 'A|*', '.! ~UNB*UNOA|3~'])) segments.push(s);
    expect(segments.map((s) => s.elements)).toEqual([[['UNOA', '3']]]);
  });

  it('gives the same segments whatever the chunk boundaries (property)', () => {
    const sample =
      "\uFEFFUNA:+.? '\r\nUNB+UNOC:3+S+R+260101:1200+42'\r\nUNH+1+CUSCAR:D:03B:UN'BGM+85+X?+Y+9'\r\n" +
      "NAD+CN+++O?'BRIEN?:LTD?? CO+MAIN ST'\nFTX+AAA+++LINE ONE:LINE TWO'\r\nUNT+4+1'UNZ+1+42'";
    const whole = tokenize([sample]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: sample.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), sample.length];
          const chunks = points.slice(1).map((end, i) => sample.slice(points[i], end));
          expect(tokenize(chunks)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 8 }), (chunks) => {
        const segments = tokenize(chunks);
        for (const s of segments) expect(s.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
