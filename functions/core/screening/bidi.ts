/**
 * The part of the Unicode Bidirectional Algorithm (UAX #9) that decides what a person sees
 * when a name holds explicit directional formatting: paragraph level (P2-P3), explicit
 * embeddings, overrides and isolates (X1-X10), weak and neutral types (W1-W7, N1-N2),
 * implicit levels (I1-I2) and reordering (L2). Bracket pairs (N0) and line breaking are left
 * out: they move punctuation, not the letters of a word.
 *
 * Used only when a name holds a bidi control: "\u202E" followed by a name written backwards
 * displays as the name, and must be screened as the name.
 */

type BidiClass =
  | 'L'
  | 'R'
  | 'AL'
  | 'EN'
  | 'ES'
  | 'ET'
  | 'AN'
  | 'CS'
  | 'NSM'
  | 'BN'
  | 'B'
  | 'S'
  | 'WS'
  | 'ON'
  | 'LRE'
  | 'LRO'
  | 'RLE'
  | 'RLO'
  | 'PDF'
  | 'LRI'
  | 'RLI'
  | 'FSI'
  | 'PDI';

const EXPLICIT: Record<number, BidiClass> = {
  8234: 'LRE',
  8235: 'RLE',
  8236: 'PDF',
  8237: 'LRO',
  8238: 'RLO',
  8294: 'LRI',
  8295: 'RLI',
  8296: 'FSI',
  8297: 'PDI',
  8206: 'L',
  8207: 'R',
  1564: 'AL',
};

const MARK = /^[\p{Mn}\p{Me}]$/u;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}\p{Mc}]$/u;
const ARABIC_LETTERS = /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Hanifi_Rohingya}]$/u;
const HEBREW_LIKE =
  /^[\p{Script=Hebrew}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Phoenician}\p{Script=Imperial_Aramaic}\p{Script=Kharoshthi}\p{Script=Avestan}\p{Script=Old_South_Arabian}\p{Script=Nabataean}\p{Script=Palmyrene}\p{Script=Mende_Kikakui}]$/u;

/** The Bidi_Class of a code point, close enough for names (letters, digits, common punctuation). */
export function bidiClass(cp: number): BidiClass {
  const explicit = EXPLICIT[cp];
  if (explicit) return explicit;
  if (cp >= 0x30 && cp <= 0x39) return 'EN';
  if (cp < 0x80) {
    if (cp === 0x20 || cp === 0x0c) return 'WS';
    if (cp === 0x09 || cp === 0x0b || cp === 0x1f) return 'S';
    if (cp === 0x0a || cp === 0x0d || (cp >= 0x1c && cp <= 0x1e)) return 'B';
    if (cp < 0x20 || cp === 0x7f) return 'BN';
    if (cp === 0x2b || cp === 0x2d) return 'ES';
    if (cp >= 0x23 && cp <= 0x25) return 'ET';
    if (cp === 0x2c || cp === 0x2e || cp === 0x2f || cp === 0x3a) return 'CS';
    return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? 'L' : 'ON';
  }
  if (cp === 0x85 || cp === 0x2029) return 'B';
  if (cp === 0xa0 || cp === 0x202f || cp === 0x2044 || cp === 0x060c) return 'CS';
  if (cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x205f || cp === 0x3000)
    return 'WS';
  if ((cp >= 0x0660 && cp <= 0x0669) || cp === 0x066b || cp === 0x066c || (cp >= 0x0600 && cp <= 0x0605))
    return 'AN';
  if ((cp >= 0x06f0 && cp <= 0x06f9) || cp === 0xb2 || cp === 0xb3 || cp === 0xb9) return 'EN';
  if ((cp >= 0x2070 && cp <= 0x2079) || (cp >= 0x2080 && cp <= 0x2089) || (cp >= 0xff10 && cp <= 0xff19))
    return 'EN';
  if (
    (cp >= 0xa2 && cp <= 0xa5) ||
    cp === 0xb0 ||
    cp === 0xb1 ||
    cp === 0x066a ||
    (cp >= 0x2030 && cp <= 0x2034)
  )
    return 'ET';
  if (cp >= 0x20a0 && cp <= 0x20cf) return 'ET';
  if (cp === 0x2212 || cp === 0x207a || cp === 0x207b || cp === 0x208a || cp === 0x208b) return 'ES';
  const ch = String.fromCodePoint(cp);
  if (MARK.test(ch)) return 'NSM';
  if (ARABIC_LETTERS.test(ch)) return LETTER_OR_NUMBER.test(ch) || cp >= 0xfb50 ? 'AL' : 'ON';
  if (HEBREW_LIKE.test(ch)) return LETTER_OR_NUMBER.test(ch) || (cp >= 0xfb1d && cp <= 0xfb4f) ? 'R' : 'ON';
  return LETTER_OR_NUMBER.test(ch) ? 'L' : 'ON';
}

export function isBidiControl(cp: number): boolean {
  return EXPLICIT[cp] !== undefined;
}

/** Whether a code point is of a script read right to left (a reader reads it from the right). */
export function isRightToLeft(cp: number): boolean {
  const c = bidiClass(cp);
  return c === 'R' || c === 'AL';
}

const MAX_DEPTH = 125;
const isIsolateInitiator = (c: BidiClass) => c === 'LRI' || c === 'RLI' || c === 'FSI';
const isRemovedByX9 = (c: BidiClass) =>
  c === 'LRE' || c === 'RLE' || c === 'LRO' || c === 'RLO' || c === 'PDF' || c === 'BN';
const isStrong = (c: BidiClass) => c === 'L' || c === 'R' || c === 'AL';

/** P2-P3: 0 (LTR) or 1 (RTL) from the first strong character, isolates skipped. */
function firstStrongLevel(types: readonly BidiClass[], from: number, to: number): 0 | 1 | undefined {
  let isolates = 0;
  for (let i = from; i < to; i++) {
    const t = types[i]!;
    if (isIsolateInitiator(t)) isolates++;
    else if (t === 'PDI') {
      if (isolates > 0) isolates--;
    } else if (isolates === 0 && isStrong(t)) return t === 'L' ? 0 : 1;
  }
  return undefined;
}

/** The matching PDI of each isolate initiator (BD9), or -1. */
function matchIsolates(types: readonly BidiClass[]): Int32Array {
  const match = new Int32Array(types.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    if (isIsolateInitiator(t)) open.push(i);
    else if (t === 'PDI' && open.length > 0) match[open.pop()!] = i;
  }
  return match;
}

/**
 * Resolved embedding levels of one paragraph (code points, no paragraph separators inside).
 * Characters removed by X9 (embedding and override controls) get level -1.
 */
export function resolveLevels(cps: readonly number[], paragraphLevel?: 0 | 1): Int8Array {
  const n = cps.length;
  const original = cps.map(bidiClass);
  const types = original.slice();
  const matching = matchIsolates(original);
  const base = paragraphLevel ?? firstStrongLevel(original, 0, n) ?? 0;
  const levels = new Int8Array(n);

  // X1-X8: explicit levels and directions.
  const stack: { level: number; override: 'L' | 'R' | undefined; isolate: boolean }[] = [
    { level: base, override: undefined, isolate: false },
  ];
  let overflowIsolates = 0;
  let overflowEmbeddings = 0;
  let validIsolates = 0;
  for (let i = 0; i < n; i++) {
    const t = original[i]!;
    const top = stack[stack.length - 1]!;
    if (t === 'RLE' || t === 'LRE' || t === 'RLO' || t === 'LRO') {
      const rtl = t === 'RLE' || t === 'RLO';
      const level = rtl ? (top.level + 1) | 1 : (top.level + 2) & ~1;
      levels[i] = top.level;
      if (level <= MAX_DEPTH && overflowIsolates === 0 && overflowEmbeddings === 0) {
        stack.push({ level, override: t === 'RLO' ? 'R' : t === 'LRO' ? 'L' : undefined, isolate: false });
      } else if (overflowIsolates === 0) overflowEmbeddings++;
      continue;
    }
    if (isIsolateInitiator(t)) {
      levels[i] = top.level;
      if (top.override) types[i] = top.override;
      let rtl = t === 'RLI';
      if (t === 'FSI') {
        const end = matching[i]! < 0 ? n : matching[i]!;
        rtl = firstStrongLevel(original, i + 1, end) === 1;
      }
      const level = rtl ? (top.level + 1) | 1 : (top.level + 2) & ~1;
      if (level <= MAX_DEPTH && overflowIsolates === 0 && overflowEmbeddings === 0) {
        validIsolates++;
        stack.push({ level, override: undefined, isolate: true });
      } else overflowIsolates++;
      continue;
    }
    if (t === 'PDI') {
      if (overflowIsolates > 0) overflowIsolates--;
      else if (validIsolates > 0) {
        overflowEmbeddings = 0;
        while (!stack[stack.length - 1]!.isolate) stack.pop();
        stack.pop();
        validIsolates--;
      }
      const now = stack[stack.length - 1]!;
      levels[i] = now.level;
      if (now.override) types[i] = now.override;
      continue;
    }
    if (t === 'PDF') {
      levels[i] = top.level;
      if (overflowIsolates > 0) {
        // ignored
      } else if (overflowEmbeddings > 0) overflowEmbeddings--;
      else if (!top.isolate && stack.length >= 2) stack.pop();
      continue;
    }
    if (t === 'B') {
      levels[i] = base;
      continue;
    }
    levels[i] = top.level;
    if (top.override && t !== 'BN') types[i] = top.override;
  }

  // X9-X10: level runs (removed characters skipped), joined across isolates into sequences.
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (!isRemovedByX9(original[i]!)) kept.push(i);
  const runs: number[][] = [];
  for (const i of kept) {
    const last = runs[runs.length - 1];
    if (last && levels[last[last.length - 1]!] === levels[i]) last.push(i);
    else runs.push([i]);
  }
  const initiatorOf = new Int32Array(n).fill(-1);
  matching.forEach((pdi, i) => {
    if (pdi >= 0) initiatorOf[pdi] = i;
  });
  const runOfStart = new Map<number, number>();
  runs.forEach((run, r) => {
    runOfStart.set(run[0]!, r);
  });
  const sequences: number[][] = [];
  for (const run of runs) {
    const first = run[0]!;
    if (original[first] === 'PDI' && initiatorOf[first]! >= 0) continue; // continues a sequence
    const sequence = [...run];
    let lastRun = run;
    for (;;) {
      const end = lastRun[lastRun.length - 1]!;
      const pdi = isIsolateInitiator(original[end]!) ? matching[end]! : -1;
      const next = pdi >= 0 ? runOfStart.get(pdi) : undefined;
      if (next === undefined) break;
      lastRun = runs[next]!;
      sequence.push(...lastRun);
    }
    sequences.push(sequence);
  }

  const levelAt = (i: number) => (i < 0 || i >= n ? base : levels[i]!);
  for (const seq of sequences) {
    const first = seq[0]!;
    const last = seq[seq.length - 1]!;
    const level = levels[first]!;
    // sos/eos: the higher of this level and the adjacent one (ignoring removed characters).
    let before = first - 1;
    while (before >= 0 && isRemovedByX9(original[before]!)) before--;
    let after = last + 1;
    while (after < n && isRemovedByX9(original[after]!)) after++;
    const endsOpenIsolate = isIsolateInitiator(original[last]!) && matching[last]! < 0;
    const sos = Math.max(level, before >= 0 ? levelAt(before) : base) % 2 ? 'R' : 'L';
    const eos = Math.max(level, endsOpenIsolate || after >= n ? base : levelAt(after)) % 2 ? 'R' : 'L';
    resolveSequence(seq, types, level % 2 ? 'R' : 'L', sos, eos);
    // I1-I2.
    for (const i of seq) {
      const t = types[i]!;
      const even = levels[i]! % 2 === 0;
      if (even) {
        if (t === 'R') levels[i]! += 1;
        else if (t === 'AN' || t === 'EN') levels[i]! += 2;
      } else if (t === 'L' || t === 'EN' || t === 'AN') levels[i]! += 1;
    }
  }
  for (let i = 0; i < n; i++) if (isRemovedByX9(original[i]!)) levels[i] = -1;
  return levels;
}

/** W1-W7 and N1-N2 over one isolating run sequence. */
function resolveSequence(
  seq: readonly number[],
  types: BidiClass[],
  embedding: 'L' | 'R',
  sos: 'L' | 'R',
  eos: 'L' | 'R',
): void {
  const m = seq.length;
  const t = (k: number) => types[seq[k]!]!;
  const set = (k: number, c: BidiClass) => {
    types[seq[k]!] = c;
  };
  // W1: NSM takes the type of the previous character (ON after an isolate control).
  for (let k = 0; k < m; k++) {
    if (t(k) !== 'NSM') continue;
    if (k === 0) set(k, sos);
    else {
      const prev = t(k - 1);
      set(k, isIsolateInitiator(prev) || prev === 'PDI' ? 'ON' : prev);
    }
  }
  // W2-W3: EN after AL is AN; AL is R.
  let lastStrong: BidiClass = sos;
  for (let k = 0; k < m; k++) {
    const c = t(k);
    if (c === 'EN' && lastStrong === 'AL') set(k, 'AN');
    if (isStrong(c)) lastStrong = c;
  }
  for (let k = 0; k < m; k++) if (t(k) === 'AL') set(k, 'R');
  // W4: a single separator between two numbers of the same kind joins them.
  for (let k = 1; k + 1 < m; k++) {
    const c = t(k);
    const a = t(k - 1);
    const b = t(k + 1);
    if (c === 'ES' && a === 'EN' && b === 'EN') set(k, 'EN');
    else if (c === 'CS' && a === b && (a === 'EN' || a === 'AN')) set(k, a);
  }
  // W5: terminators next to European numbers are numbers.
  for (let k = 0; k < m; k++) {
    if (t(k) !== 'ET') continue;
    let end = k;
    while (end < m && t(end) === 'ET') end++;
    if ((k > 0 && t(k - 1) === 'EN') || (end < m && t(end) === 'EN'))
      for (let j = k; j < end; j++) set(j, 'EN');
    k = end - 1;
  }
  // W6: remaining separators and terminators are neutral.
  for (let k = 0; k < m; k++) {
    const c = t(k);
    if (c === 'ES' || c === 'ET' || c === 'CS') set(k, 'ON');
  }
  // W7: European numbers after L are L.
  lastStrong = sos;
  for (let k = 0; k < m; k++) {
    const c = t(k);
    if (c === 'EN' && lastStrong === 'L') set(k, 'L');
    if (c === 'L' || c === 'R') lastStrong = c;
  }
  // N1-N2: a run of neutrals takes the direction around it when both sides agree
  // (numbers count as R), else the embedding direction.
  const isNeutral = (c: BidiClass) =>
    c === 'B' || c === 'S' || c === 'WS' || c === 'ON' || isIsolateInitiator(c) || c === 'PDI';
  const strongOf = (c: BidiClass): 'L' | 'R' => (c === 'L' ? 'L' : 'R');
  for (let k = 0; k < m; k++) {
    if (!isNeutral(t(k))) continue;
    let end = k;
    while (end < m && isNeutral(t(end))) end++;
    const before = k === 0 ? sos : strongOf(t(k - 1));
    const after = end === m ? eos : strongOf(t(end));
    const direction = before === after ? before : undefined;
    for (let j = k; j < end; j++) set(j, direction ?? embedding);
    k = end - 1;
  }
}

/**
 * Code points in the order a reader takes them: the visual order of UAX #9 (L2) in a
 * left-to-right paragraph, then each phrase of right-to-left letters read from its right end, as a reader of that script does. For
 * a name without bidi controls this is the logical order; for "\u202E" + a Latin name written
 * backwards it is the name.
 */
export function readingOrder(cps: readonly number[]): number[] {
  // HL1: manifests are shown in left-to-right lists and forms (the console, the CLI, the
  // carrier's PDF), so the paragraph is left to right whatever its first strong letter.
  const levels = resolveLevels(cps, 0);
  const visual: number[] = [];
  const visualLevels: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    if (levels[i]! < 0) continue;
    visual.push(cps[i]!);
    visualLevels.push(levels[i]!);
  }
  // L2: from the highest level down to the lowest odd one, reverse every run at that level or higher.
  let highest = 0;
  let lowestOdd = Number.POSITIVE_INFINITY;
  for (const l of visualLevels) {
    highest = Math.max(highest, l);
    if (l % 2 === 1) lowestOdd = Math.min(lowestOdd, l);
  }
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < visual.length; ) {
      if (visualLevels[i]! < level) {
        i++;
        continue;
      }
      let end = i;
      while (end < visual.length && visualLevels[end]! >= level) end++;
      reverse(visual, i, end);
      reverse(visualLevels, i, end);
      i = end;
    }
  }
  // Readers of right-to-left scripts read a phrase of them from its right end: a run of
  // right-to-left letters, with their marks and the spaces and punctuation between them.
  const out = visual.slice();
  const kind = out.map((cp) => {
    if (isRightToLeft(cp)) return 'R';
    const c = bidiClass(cp);
    return c === 'NSM' || c === 'WS' || c === 'ON' || c === 'CS' || c === 'ES' || c === 'ET' ? 'N' : 'L';
  });
  for (let i = 0; i < out.length; ) {
    if (kind[i] === 'L') {
      i++;
      continue;
    }
    let end = i;
    let lastR = -1;
    while (end < out.length && kind[end] !== 'L') {
      if (kind[end] === 'R' || (kind[end] === 'N' && bidiClass(out[end]!) === 'NSM' && lastR >= 0))
        lastR = end;
      end++;
    }
    // Neutrals at the edges belong to no phrase; a leading mark goes with the letter after it.
    let start = i;
    while (start <= lastR && kind[start] === 'N' && bidiClass(out[start]!) !== 'NSM') start++;
    if (lastR >= start) reverse(out, start, lastR + 1);
    i = end;
  }
  return out;
}

function reverse<T>(a: T[], from: number, to: number): void {
  for (let i = from, j = to - 1; i < j; i++, j--) {
    const x = a[i]!;
    a[i] = a[j]!;
    a[j] = x;
  }
}
