// Local alignment (Smith–Waterman over lines) of a snippet with a region of a document: finds the
// stretch of the region that best matches the snippet, lines inserted or removed inside it allowed,
// and how similar the two are. Blank lines are left out on both sides.
import { lineSimilarity, type PreparedText } from './text';

/** 0-based, inclusive document lines, and their similarity to the snippet (0–1). */
export interface Aligned {
  readonly start: number;
  readonly end: number;
  readonly similarity: number;
}

/** Two lines this similar are the same line, edited. */
const SAME_LINE = 0.5;
/** At a window's edge a weaker likeness still extends it (a signature with a new parameter). */
const EDGE_LINE = 0.25;
/** What skipping a line costs, per unit of its weight (a match earns up to one unit). */
const GAP = 0.5;

const nonBlank = (text: PreparedText, from: number, to: number): number[] => {
  const out: number[] = [];
  for (let i = from; i <= to; i++) if (text.at(i).weight > 0) out.push(i);
  return out;
};

/** Similarity worth computing: a Dice coefficient of SAME_LINE needs weights within a factor 3. */
const similar = (snippet: PreparedText, doc: PreparedText, i: number, j: number, min: number): number => {
  const a = snippet.at(i);
  const b = doc.at(j);
  if (a.norm === b.norm) return 1;
  const lo = Math.min(a.weight, b.weight);
  const hi = Math.max(a.weight, b.weight);
  if ((2 * lo) / (lo + hi) < min) return 0;
  return lineSimilarity(a, b);
};

/**
 * The best-matching stretch of doc lines from..to (0-based, inclusive); undefined when nothing
 * matches. Between equally good stretches, the one ending nearest `expectEnd` (0-based).
 */
export function alignLocal(snippet: PreparedText, doc: PreparedText, from: number, to: number, expectEnd = from): Aligned | undefined {
  const s = nonBlank(snippet, 0, snippet.length - 1);
  const d = nonBlank(doc, Math.max(0, from), Math.min(doc.length - 1, to));
  const k = s.length;
  const m = d.length;
  if (k === 0 || m === 0) return undefined;
  const width = m + 1;
  const score = new Float64Array((k + 1) * width);
  const gain = new Float64Array((k + 1) * width); // the match's own score, for the traceback
  const move = new Uint8Array((k + 1) * width); // 0 stop, 1 diagonal, 2 up (skip a snippet line), 3 left (skip a doc line)
  let best = 0;
  let bestAt = -1;
  for (let i = 1; i <= k; i++) {
    const ws = snippet.at(s[i - 1]).weight;
    for (let j = 1; j <= m; j++) {
      const wd = doc.at(d[j - 1]).weight;
      const at = i * width + j;
      let value = 0;
      let dir = 0;
      const sim = similar(snippet, doc, s[i - 1], d[j - 1], SAME_LINE);
      if (sim >= SAME_LINE) {
        const g = (sim * (ws + wd)) / 2;
        const diag = score[at - width - 1] + g;
        if (diag > value) {
          value = diag;
          dir = 1;
          gain[at] = g;
        }
      }
      const up = score[at - width] - GAP * ws;
      if (up > value) {
        value = up;
        dir = 2;
      }
      const left = score[at - 1] - GAP * wd;
      if (left > value) {
        value = left;
        dir = 3;
      }
      score[at] = value;
      move[at] = dir;
      if (
        value > best + 1e-9 ||
        (value > 0 && Math.abs(value - best) <= 1e-9 && Math.abs(d[j - 1] - expectEnd) < Math.abs(d[(bestAt % width) - 1] - expectEnd))
      ) {
        best = value;
        bestAt = at;
      }
    }
  }
  if (bestAt < 0) return undefined;

  // Walk back along the best path, collecting the matched pairs.
  const pairs: [number, number, number][] = []; // snippet item, doc item, similarity
  let i = Math.floor(bestAt / width);
  let j = bestAt % width;
  while (i > 0 && j > 0 && move[i * width + j] !== 0) {
    const dir = move[i * width + j];
    if (dir === 1) {
      const sim = (2 * gain[i * width + j]) / (snippet.at(s[i - 1]).weight + doc.at(d[j - 1]).weight);
      pairs.push([i - 1, j - 1, sim]);
      i--;
      j--;
    } else if (dir === 2) i--;
    else j--;
  }
  pairs.reverse();
  if (pairs.length === 0) return undefined;

  // Extend over edge lines that are only loosely alike (an edited first or last line).
  let [i0, j0] = pairs[0];
  while (i0 > 0 && j0 > 0) {
    const sim = similar(snippet, doc, s[i0 - 1], d[j0 - 1], EDGE_LINE);
    if (sim < EDGE_LINE) break;
    pairs.unshift([--i0, --j0, sim]);
  }
  let [i1, j1] = pairs[pairs.length - 1];
  while (i1 < k - 1 && j1 < m - 1) {
    const sim = similar(snippet, doc, s[i1 + 1], d[j1 + 1], EDGE_LINE);
    if (sim < EDGE_LINE) break;
    pairs.push([++i1, ++j1, sim]);
  }

  let start = d[pairs[0][1]];
  let end = d[pairs[pairs.length - 1][1]];
  // The snippet's first or last line left out (lines were added next to it): look for it a little
  // further out — a closing line only at the indentation it had relative to the first.
  const reach = Math.max(5, k);
  if (i0 > 0) {
    const first = snippet.at(s[0]);
    for (let line = start - 1; line >= Math.max(0, start - reach); line--) {
      if (lineSimilarity(first, doc.at(line)) >= SAME_LINE) {
        start = line;
        break;
      }
    }
  }
  if (i1 < k - 1) {
    const last = snippet.at(s[k - 1]);
    const indent = indentOf(snippet.lines[s[k - 1]]) - indentOf(snippet.lines[s[0]]);
    for (let line = end + 1; line <= Math.min(doc.length - 1, end + reach); line++) {
      if (lineSimilarity(last, doc.at(line)) >= SAME_LINE && indentOf(doc.lines[line]) - indentOf(doc.lines[start]) === indent) {
        end = line;
        break;
      }
    }
  }
  return { start, end, similarity: windowSimilarity(snippet, doc, start, end) };
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * How similar doc lines start..end (0-based, inclusive) are to the snippet as a whole: the best
 * in-order matching of their lines, as a Dice coefficient over line weights (0–1).
 */
export function windowSimilarity(snippet: PreparedText, doc: PreparedText, start: number, end: number): number {
  const s = nonBlank(snippet, 0, snippet.length - 1);
  const d = nonBlank(doc, Math.max(0, start), Math.min(doc.length - 1, end));
  let total = 0;
  for (const a of s) total += snippet.at(a).weight;
  for (const b of d) total += doc.at(b).weight;
  if (total === 0) return 0;
  const m = d.length;
  let prev = new Float64Array(m + 1);
  let row = new Float64Array(m + 1);
  for (let i = 1; i <= s.length; i++) {
    const ws = snippet.at(s[i - 1]).weight;
    for (let j = 1; j <= m; j++) {
      let best = Math.max(prev[j], row[j - 1]);
      const sim = similar(snippet, doc, s[i - 1], d[j - 1], SAME_LINE);
      if (sim >= SAME_LINE) best = Math.max(best, prev[j - 1] + sim * (ws + doc.at(d[j - 1]).weight));
      row[j] = best;
    }
    [prev, row] = [row, prev];
  }
  return prev[m] / total;
}
