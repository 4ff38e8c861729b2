// Maps a line range through the zero-context hunks of a diff (old → new), the way a review
// comment follows its lines: lines no hunk touches shift by what was inserted and removed above
// them; a range that a hunk edits is marked touched and stretched over the hunk's new lines.
import type { Hunk } from './types';

/** Old lines a hunk replaces, as [first, last]; for a pure insertion the empty range after oldStart. */
const oldFirst = (h: Hunk) => (h.oldLines === 0 ? h.oldStart + 1 : h.oldStart);
const oldLast = (h: Hunk) => h.oldStart + h.oldLines - 1;

/**
 * Where old lines startLine..endLine (1-based, inclusive) are in the new file. touched: a hunk
 * changes, removes or inserts lines inside the range. Undefined when every line of it was removed.
 * Hunks must be in order and without context lines (`git diff -U0`).
 */
export function mapRange(hunks: readonly Hunk[], startLine: number, endLine: number): { startLine: number; endLine: number; touched: boolean } | undefined {
  let touched = false;
  let start: number | undefined;
  let end: number | undefined;
  let shift = 0; // new minus old line numbers after the hunks seen so far
  for (const h of hunks) {
    const first = oldFirst(h);
    const last = oldLast(h);
    const pureInsert = h.oldLines === 0;
    // An insertion strictly between two lines of the range, or a change of one of its lines.
    if (pureInsert ? h.oldStart >= startLine && h.oldStart < endLine : first <= endLine && last >= startLine) touched = true;
    if (start === undefined) {
      if (pureInsert ? h.oldStart >= startLine : last >= startLine) {
        // The hunk is at or after the start: it either holds the start or lies past it.
        if (!pureInsert && first <= startLine) start = h.newLines > 0 ? h.newStart : h.newStart + 1;
        else start = startLine + shift;
      }
    }
    if (end === undefined && (pureInsert ? h.oldStart >= endLine : last >= endLine)) {
      if (!pureInsert && first <= endLine) end = h.newLines > 0 ? h.newStart + h.newLines - 1 : h.newStart;
      else end = endLine + shift;
    }
    shift += h.newLines - h.oldLines;
  }
  start ??= startLine + shift;
  end ??= endLine + shift;
  return end >= start ? { startLine: start, endLine: end, touched } : undefined;
}

/** Whether a hunk changes or removes old line `line` (1-based). */
export function lineTouched(hunks: readonly Hunk[], line: number): boolean {
  return hunks.some((h) => h.oldLines > 0 && h.oldStart <= line && line <= oldLast(h));
}
