// Finding a snippet when the diff cannot say where it went: candidate places come from lines (and,
// failing that, rare words) the snippet shares with the document, each candidate is aligned line by
// line, and context lines break ties. Below the threshold, or with two near-equal candidates in
// different places, there is no answer: a wrong place is worse than none.
import { alignLocal, type Aligned } from './align';
import { lineSimilarity, normalize, PreparedText, prepareLine, splitLines, type PreparedLine } from './text';
import type { AnchorInput } from './types';

/** A window must be at least this similar to the snippet… */
export const MIN_SIMILARITY = 0.6;
/** …and a short snippet (a line or two) this similar, with its context agreeing. */
const SHORT_WEIGHT = 12;
const SHORT_SIMILARITY = 0.75;
const SHORT_CONTEXT = 0.5;
/** Two candidates closer than this in score cannot be told apart. */
const AMBIGUOUS = 0.05;
/** Lines or words this common say nothing about where the snippet is. */
const COMMON = 25;
const CANDIDATES = 8;

export interface FoundWindow extends Aligned {
  /** How well the lines around the window match the anchor's context; undefined without context. */
  readonly context?: number;
  readonly score: number;
}

/** The document once, for several anchors: lines prepared on demand, an index of normalized lines. */
export class SearchText {
  readonly text: PreparedText;
  private lineIndex?: Map<string, number[]>;
  private wordIndex?: Map<string, number[]>;
  constructor(lines: readonly string[]) {
    this.text = new PreparedText(lines);
  }
  static of(text: string): SearchText {
    return new SearchText(splitLines(text));
  }
  linesOf(norm: string): readonly number[] {
    if (!this.lineIndex) {
      this.lineIndex = new Map();
      for (let i = 0; i < this.text.length; i++) push(this.lineIndex, normalize(this.text.lines[i]), i);
    }
    return this.lineIndex.get(norm) ?? [];
  }
  linesWith(word: string): readonly number[] {
    if (!this.wordIndex) {
      this.wordIndex = new Map();
      for (let i = 0; i < this.text.length; i++) for (const w of new Set(words(this.text.lines[i]))) push(this.wordIndex, w, i);
    }
    return this.wordIndex.get(word) ?? [];
  }
}

const push = (map: Map<string, number[]>, key: string, value: number) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};
const words = (line: string) => line.match(/[A-Z_$][\w$]{2,}/gi) ?? [];

/** How well `lines` (context) sit next to doc lines going outward from `at` in `step` direction. */
function contextScore(doc: PreparedText, lines: readonly PreparedLine[], at: number, step: 1 | -1): { matched: number; total: number } {
  let matched = 0;
  let total = 0;
  let line = at;
  for (const want of lines) {
    if (want.weight === 0) continue;
    while (line >= 0 && line < doc.length && doc.at(line).weight === 0) line += step;
    total += want.weight;
    if (line >= 0 && line < doc.length) {
      const sim = lineSimilarity(want, doc.at(line));
      if (sim >= 0.5) matched += sim * want.weight;
      line += step;
    }
  }
  return { matched, total };
}

/** Every aligned candidate window for the snippet, best first. */
export function candidates(doc: SearchText, anchor: AnchorInput): FoundWindow[] {
  const snippet = new PreparedText(splitLines(anchor.snippet));
  const k = snippet.length;
  const before = (anchor.before ?? []).map(prepareLine);
  const after = (anchor.after ?? []).map(prepareLine);
  if (k === 0) return [];

  // Votes for "snippet line 0 is at doc line o", from lines found verbatim (up to whitespace).
  const votes = new Map<number, number>();
  const vote = (offset: number, weight: number) => votes.set(offset, (votes.get(offset) ?? 0) + weight);
  const voteLines = (lines: readonly PreparedLine[], first: number, scale: number) => {
    lines.forEach((line, i) => {
      if (line.weight === 0) return;
      const at = doc.linesOf(line.norm);
      if (at.length === 0 || at.length > COMMON) return;
      for (const p of at) vote(p - (first + i), (scale * line.weight) / at.length);
    });
  };
  const lines = Array.from({ length: k }, (_, i) => snippet.at(i));
  voteLines(lines, 0, 1);
  voteLines(before, -before.length, 0.5);
  voteLines(after, k, 0.5);
  if (votes.size === 0) {
    // Every line was edited: vote with the rarer words instead.
    lines.forEach((line, i) => {
      for (const w of new Set(words(line.norm))) {
        const at = doc.linesWith(w);
        if (at.length === 0 || at.length > COMMON) continue;
        for (const p of at) vote(p - i, 1 / at.length);
      }
    });
  }

  // The strongest offsets (neighbours pooled: lines inserted inside the snippet split the votes).
  const pooled = [...votes.keys()].map((o) => [o, (votes.get(o - 1) ?? 0) / 2 + votes.get(o)! + (votes.get(o + 1) ?? 0) / 2] as const);
  pooled.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const offsets: number[] = [];
  for (const [o] of pooled) {
    if (offsets.some((p) => Math.abs(p - o) <= 2)) continue;
    offsets.push(o);
    if (offsets.length === CANDIDATES) break;
  }

  const pad = Math.max(3, Math.ceil(k / 2));
  const found: FoundWindow[] = [];
  for (const o of offsets) {
    const w = alignLocal(snippet, doc.text, o - pad, o + k - 1 + pad, o + k - 1);
    if (!w || found.some((f) => f.start === w.start && f.end === w.end)) continue;
    let context: number | undefined;
    if (before.length > 0 || after.length > 0) {
      const up = contextScore(doc.text, [...before].reverse(), w.start - 1, -1);
      const down = contextScore(doc.text, after, w.end + 1, 1);
      const total = up.total + down.total;
      context = total > 0 ? (up.matched + down.matched) / total : undefined;
    }
    const score = context === undefined ? w.similarity : 0.75 * w.similarity + 0.25 * context;
    found.push({ ...w, score, ...(context === undefined ? {} : { context }) });
  }
  return found.sort((x, y) => y.score - x.score);
}

/** Whether a candidate is good enough on its own (before looking at rivals). */
export function acceptable(w: FoundWindow, snippetWeight: number): boolean {
  if (w.similarity < MIN_SIMILARITY) return false;
  if (snippetWeight < SHORT_WEIGHT) return w.similarity >= SHORT_SIMILARITY && (w.context ?? 0) >= SHORT_CONTEXT;
  return true;
}

/** A rival in another place scoring about as well makes the best candidate ambiguous. */
export function ambiguous(best: FoundWindow, all: readonly FoundWindow[]): boolean {
  return all.some((w) => w !== best && (w.end < best.start || w.start > best.end) && w.score >= best.score - AMBIGUOUS);
}

export const snippetWeight = (snippet: string) => splitLines(snippet).reduce((n, l) => n + prepareLine(l).weight, 0);

/** The best window for the anchor's snippet (1-based lines), or undefined when none is similar enough or two are alike. */
export function findSnippet(text: string | SearchText, anchor: AnchorInput): { startLine: number; endLine: number; similarity: number } | undefined {
  const doc = typeof text === 'string' ? SearchText.of(text) : text;
  const all = candidates(doc, anchor);
  const best = all[0];
  if (!best || !acceptable(best, snippetWeight(anchor.snippet)) || ambiguous(best, all)) return undefined;
  return { startLine: best.start + 1, endLine: best.end + 1, similarity: best.similarity };
}
