// A line diff computed in-process (for text git has not seen, such as an unsaved buffer): patience
// diff — lines unique on both sides anchor the alignment, in order — with an LCS table for the
// stretches between anchors, which are small. Returns zero-context hunks like `git diff -U0`.
import type { Hunk } from './types';

/** Stretches bigger than this (old × new lines) with no unique line in common are replaced whole. */
const MAX_TABLE = 4_000_000;

export function diffLines(oldLines: readonly string[], newLines: readonly string[]): Hunk[] {
  // Lines as small integers, so comparisons are cheap.
  const ids = new Map<string, number>();
  const id = (line: string) => {
    let n = ids.get(line);
    if (n === undefined) ids.set(line, (n = ids.size));
    return n;
  };
  const a = Int32Array.from(oldLines, id);
  const b = Int32Array.from(newLines, id);
  const matches: [number, number][] = []; // 0-based [old, new] pairs of equal lines, in order
  align(a, b, 0, a.length, 0, b.length, matches);
  return toHunks(matches, a.length, b.length);
}

function align(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, out: [number, number][]): void {
  // Common prefix and suffix.
  while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) out.push([a0++, b0++]);
  const tail: [number, number][] = [];
  while (a0 < a1 && b0 < b1 && a[a1 - 1] === b[b1 - 1]) tail.push([--a1, --b1]);
  if (a0 < a1 && b0 < b1) {
    const anchors = uniqueCommon(a, b, a0, a1, b0, b1);
    if (anchors.length > 0) {
      let pa = a0;
      let pb = b0;
      for (const [i, j] of anchors) {
        align(a, b, pa, i, pb, j, out);
        out.push([i, j]);
        pa = i + 1;
        pb = j + 1;
      }
      align(a, b, pa, a1, pb, b1, out);
    } else {
      lcs(a, b, a0, a1, b0, b1, out);
    }
  }
  for (let t = tail.length - 1; t >= 0; t--) out.push(tail[t]);
}

/** Lines that occur once in each stretch, as the longest run of pairs in order on both sides. */
function uniqueCommon(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number): [number, number][] {
  const seen = new Map<number, { a: number; b: number; na: number; nb: number }>();
  for (let i = a0; i < a1; i++) {
    const e = seen.get(a[i]);
    if (e) e.na++;
    else seen.set(a[i], { a: i, b: -1, na: 1, nb: 0 });
  }
  for (let j = b0; j < b1; j++) {
    const e = seen.get(b[j]);
    if (e) {
      e.nb++;
      e.b = j;
    }
  }
  const pairs: [number, number][] = [];
  for (const e of seen.values()) if (e.na === 1 && e.nb === 1) pairs.push([e.a, e.b]);
  pairs.sort((x, y) => x[0] - y[0]);
  // Longest increasing subsequence of the new positions (patience sorting).
  const tops: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tops[mid]][1] < pairs[p][1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[p] = tops[lo - 1];
    tops[lo] = p;
  }
  const chain: [number, number][] = [];
  for (let p = tops.length > 0 ? tops[tops.length - 1] : -1; p >= 0; p = prev[p]) chain.push(pairs[p]);
  return chain.reverse();
}

/** Classic LCS table for a small stretch with no unique anchors. */
function lcs(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, out: [number, number][]): void {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n * m > MAX_TABLE) return; // replaced whole
  const w = m + 1;
  const t = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i * w + j] = a[a0 + i] === b[b0 + j] ? t[(i + 1) * w + j + 1] + 1 : Math.max(t[(i + 1) * w + j], t[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[a0 + i] === b[b0 + j]) {
      out.push([a0 + i, b0 + j]);
      i++;
      j++;
    } else if (t[(i + 1) * w + j] >= t[i * w + j + 1]) i++;
    else j++;
  }
}

/** The gaps between matched lines, as unified-diff hunk headers (1-based). */
function toHunks(matches: readonly [number, number][], n: number, m: number): Hunk[] {
  const hunks: Hunk[] = [];
  let pa = 0;
  let pb = 0;
  for (const [i, j] of [...matches, [n, m] as [number, number]]) {
    const oldCount = i - pa;
    const newCount = j - pb;
    if (oldCount > 0 || newCount > 0) {
      // Like git: an empty side's start is the line before the gap.
      hunks.push({ oldStart: oldCount > 0 ? pa + 1 : pa, oldLines: oldCount, newStart: newCount > 0 ? pb + 1 : pb, newLines: newCount });
    }
    pa = i + 1;
    pb = j + 1;
  }
  return hunks;
}
