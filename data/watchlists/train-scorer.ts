/**
 * Trains the learned name-pair scorer (functions/core/screening/learned-scorer.ts) and writes
 * data/watchlists/scorer-weights.json: `npx tsx data/watchlists/train-scorer.ts`. Rerun after
 * changing the lists in this folder, the name analysis or the features (a test fails when the
 * weights file's features differ from the code's).
 *
 * Pairs come from the bundled lists only (never from the development evaluation's invented
 * names): for each name of an entry with several, a match with the entry's nearest other name
 * (hand-set score), and non-matches with the nearest names of other entries the index finds
 * (hard negatives; OFAC/UN twins of the same party left out). Entries are split by a hash of
 * their id: two thirds train, one third is held out. The model is kept only if, on the
 * held-out pairs and at the false-match rate the hand-set score has at its alert threshold,
 * it finds more matches; else the weights file is written empty and the hand-set score stays.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldToWords } from '../../functions/core/screening/fold-text.ts';
import {
  type ScorerModel,
  SCORER_FEATURES,
  useScorer,
} from '../../functions/core/screening/learned-scorer.ts';
import {
  buildScreeningIndex,
  HAND_ALERT_THRESHOLD,
  nameFeatures,
} from '../../functions/core/screening/screening-index.ts';
import { defaultWatchlistPaths, loadWatchlist } from '../../functions/core/watchlists/index.ts';

const OUT = join(import.meta.dirname, 'scorer-weights.json');
const MAX_NAMES_PER_ENTRY = 4;
const NEGATIVES_PER_NAME = 5;

useScorer(undefined); // candidates and features from the hand-set score
const entries = defaultWatchlistPaths().flatMap((p) => loadWatchlist(p));
const index = buildScreeningIndex(entries);
const latin = (n: string) => /[a-z]/i.test(n);
const sortedKey = (n: string) => foldToWords(n).sort().join(' ');

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface Pair {
  x: number[];
  hand: number;
  y: number;
}
const train: Pair[] = [];
const heldOut: Pair[] = [];
const byId = new Map(entries.map((e) => [`${e.list}:${e.id}`, e]));
for (const entry of entries) {
  const names = [entry.name, ...entry.aliases].filter(latin);
  if (names.length < 2) continue;
  const out = hash(entry.id) % 3 === 0 ? heldOut : train;
  const own = new Set(names.map(sortedKey));
  for (const query of names.slice(0, MAX_NAMES_PER_ENTRY)) {
    let best: ReturnType<typeof nameFeatures>;
    for (const other of names) {
      if (other === query || sortedKey(other) === sortedKey(query)) continue;
      const f = nameFeatures(query, other);
      if (f && (!best || f.hand > best.hand)) best = f;
    }
    if (best && best.hand < 1 && best.hand >= 0.5) out.push({ x: best.features, hand: best.hand, y: 1 });
    let negatives = 0;
    for (const m of index.screen(query, { top: 3 * NEGATIVES_PER_NAME, minScore: 0.5 })) {
      if (negatives >= NEGATIVES_PER_NAME) break;
      if (m.entityId === entry.id) continue;
      const other = byId.get(`${m.list}:${m.entityId}`);
      if (!other || [other.name, ...other.aliases].some((n) => own.has(sortedKey(n)))) continue;
      const f = nameFeatures(query, m.matchedName);
      if (!f || f.hand >= 1 || f.hand < 0.5) continue;
      out.push({ x: f.features, hand: f.hand, y: 0 });
      negatives++;
    }
  }
}

/** Logistic regression, full-batch Adam, classes weighted equally, light L2. */
function fit(pairs: Pair[]): ScorerModel {
  const d = SCORER_FEATURES.length;
  const w = new Float64Array(d + 1);
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const positives = pairs.filter((p) => p.y === 1).length;
  const weightOf = (y: number) => (y === 1 ? 0.5 / positives : 0.5 / (pairs.length - positives));
  const l2 = 1e-4;
  for (let step = 1; step <= 4000; step++) {
    const g = new Float64Array(d + 1);
    for (const p of pairs) {
      let z = w[d]!;
      for (let i = 0; i < d; i++) z += w[i]! * p.x[i]!;
      const err = (1 / (1 + Math.exp(-z)) - p.y) * weightOf(p.y);
      for (let i = 0; i < d; i++) g[i]! += err * p.x[i]!;
      g[d]! += err;
    }
    for (let i = 0; i < d; i++) g[i]! += l2 * w[i]!;
    for (let i = 0; i <= d; i++) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      v[i] = 0.999 * v[i]! + 0.001 * g[i]! * g[i]!;
      const mh = m[i]! / (1 - 0.9 ** step);
      const vh = v[i]! / (1 - 0.999 ** step);
      w[i]! -= (0.05 * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return {
    features: [...SCORER_FEATURES],
    weights: [...w.slice(0, d)].map((x) => Math.round(x * 1e6) / 1e6),
    bias: Math.round(w[d]! * 1e6) / 1e6,
  };
}

const predict = (model: ScorerModel, x: number[]) => {
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += model.weights[i]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
};
function auc(scores: { s: number; y: number }[]): number {
  const sorted = [...scores].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  sorted.forEach((p, i) => {
    if (p.y === 1) {
      rankSum += i + 1;
      positives++;
    }
  });
  const negatives = sorted.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
/** Recall of matches at the threshold that lets through this share of non-matches. */
function recallAtFalseRate(scores: { s: number; y: number }[], falseRate: number): { recall: number; threshold: number } {
  const neg = scores.filter((p) => p.y === 0).map((p) => p.s).sort((a, b) => b - a);
  const threshold = neg[Math.floor(falseRate * neg.length)] ?? 1;
  const pos = scores.filter((p) => p.y === 1);
  return { recall: pos.filter((p) => p.s > threshold).length / pos.length, threshold };
}

const model = fit(train);
const round = (x: number) => Math.round(x * 1000) / 1000;
const handScores = heldOut.map((p) => ({ s: p.hand, y: p.y }));
const learnedScores = heldOut.map((p) => ({ s: predict(model, p.x), y: p.y }));
const handFalseRate =
  heldOut.filter((p) => p.y === 0 && p.hand >= HAND_ALERT_THRESHOLD).length / heldOut.filter((p) => p.y === 0).length;
const hand = recallAtFalseRate(handScores, handFalseRate);
const learned = recallAtFalseRate(learnedScores, handFalseRate);
const report = {
  trainPairs: train.length,
  heldOutPairs: heldOut.length,
  heldOutMatches: heldOut.filter((p) => p.y === 1).length,
  handFalseRate: round(handFalseRate),
  auc: { hand: round(auc(handScores)), learned: round(auc(learnedScores)) },
  recallAtHandFalseRate: { hand: round(hand.recall), learned: round(learned.recall) },
  learnedThresholdAtHandFalseRate: round(learned.threshold),
};
console.log(JSON.stringify(report, null, 2));
const keep = learned.recall > hand.recall && report.auc.learned > report.auc.hand;
const file = keep ? { ...model, heldOut: report } : { features: [], weights: [], bias: 0, heldOut: report };
writeFileSync(OUT, `${JSON.stringify(file, null, 2)}\n`);
console.log(keep ? `kept the learned scorer: ${OUT}` : `the hand-set score is better on the held-out entries; ${OUT} left empty`);
