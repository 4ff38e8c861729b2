// Two zero-context diffs chained into one: old → mid (git's diff between two commits, cached) and
// mid → new (the uncommitted edits, diffed in-process) give old → new, so a commit pair's diff is
// computed once and reused for every ask and every edit on top of it (ARCHITECTURE.md, "Anchors").
// Works on the hunks alone, in linear time, without the files' texts or lengths.
import type { Hunk } from './types';

/** A run of lines both sides keep: old lines oldFrom.. map to new lines newFrom.. (1-based). */
interface Run {
  readonly oldFrom: number;
  readonly newFrom: number;
  /** Infinity for the run after the last hunk (to the end of the file). */
  readonly length: number;
}

/** The unchanged runs between the hunks of one diff (the first may be empty). */
function runsOf(hunks: readonly Hunk[]): Run[] {
  const runs: Run[] = [];
  let oldNext = 1;
  let newNext = 1;
  for (const h of hunks) {
    const oldFirst = h.oldLines === 0 ? h.oldStart + 1 : h.oldStart; // first line the hunk removes, or the line after an insertion
    if (oldFirst > oldNext) runs.push({ oldFrom: oldNext, newFrom: newNext, length: oldFirst - oldNext });
    oldNext = h.oldLines === 0 ? h.oldStart + 1 : h.oldStart + h.oldLines;
    newNext = h.newLines === 0 ? h.newStart + 1 : h.newStart + h.newLines;
  }
  runs.push({ oldFrom: oldNext, newFrom: newNext, length: Infinity });
  return runs;
}

/** The hunks of old → new, given those of old → mid and mid → new (both in order, `-U0`). */
export function composeHunks(first: readonly Hunk[], second: readonly Hunk[]): Hunk[] {
  if (second.length === 0) return [...first];
  if (first.length === 0) return [...second];
  const a = runsOf(first); // old → mid
  const b = runsOf(second); // mid → new
  const runs: Run[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    // Both runs in mid lines: a's is [newFrom, newFrom + length), b's is [oldFrom, oldFrom + length).
    const ra = a[i];
    const rb = b[j];
    const from = Math.max(ra.newFrom, rb.oldFrom);
    const aEnd = ra.newFrom + ra.length;
    const bEnd = rb.oldFrom + rb.length;
    const to = Math.min(aEnd, bEnd);
    if (to > from) runs.push({ oldFrom: ra.oldFrom + (from - ra.newFrom), newFrom: rb.newFrom + (from - rb.oldFrom), length: to - from });
    if (aEnd <= bEnd) i++;
    else j++;
  }
  const hunks: Hunk[] = [];
  let oldNext = 1;
  let newNext = 1;
  for (const r of runs) {
    const oldLines = r.oldFrom - oldNext;
    const newLines = r.newFrom - newNext;
    if (oldLines > 0 || newLines > 0) {
      // Like git: an empty side's start is the line before the gap.
      hunks.push({ oldStart: oldLines > 0 ? oldNext : oldNext - 1, oldLines, newStart: newLines > 0 ? newNext : newNext - 1, newLines });
    }
    oldNext = r.oldFrom + r.length;
    newNext = r.newFrom + r.length;
  }
  return hunks;
}
