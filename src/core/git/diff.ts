// Pure reading of unified diffs: hunk headers from `git diff -U0` (uncommitted edits) and from
// GitHub's `patch` of a pull request file, and the line arithmetic the asks need over them.

/** One `@@ -oldStart,oldLines +newStart,newLines @@` hunk. */
export interface DiffHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
}

/** 1-based, inclusive. */
export interface LineRange {
  readonly startLine: number;
  readonly endLine: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** The hunks of a diff of one file (a `git diff` of one path, or a GitHub `patch`), in order. */
export function parseHunks(diff: string): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  for (const line of diff.split('\n')) {
    const m = HUNK_HEADER.exec(line);
    if (!m) continue;
    hunks.push({
      oldStart: Number(m[1]),
      oldLines: m[2] === undefined ? 1 : Number(m[2]),
      newStart: Number(m[3]),
      newLines: m[4] === undefined ? 1 : Number(m[4]),
    });
  }
  return hunks;
}

/** The new-side lines a hunk shows (context and added), when it shows any. */
export function newSide(hunk: DiffHunk): LineRange | undefined {
  return hunk.newLines > 0 ? { startLine: hunk.newStart, endLine: hunk.newStart + hunk.newLines - 1 } : undefined;
}

/**
 * The hunks (of `git diff HEAD -U0`) that change something inside the selection: lines added or
 * changed within it, or lines removed between two of its lines.
 */
export function hunksInRange(hunks: readonly DiffHunk[], range: LineRange): DiffHunk[] {
  return hunks.filter((h) => {
    const side = newSide(h);
    // A pure removal sits between new lines newStart and newStart + 1.
    if (!side) return h.newStart >= range.startLine && h.newStart < range.endLine;
    return side.startLine <= range.endLine && side.endLine >= range.startLine;
  });
}

/**
 * Where working-copy lines were at HEAD, given the `git diff HEAD -U0` hunks of the file. Lines the
 * working copy changed map to the lines they replaced; undefined when the whole selection is new.
 */
export function mapRangeToHead(hunks: readonly DiffHunk[], range: LineRange): LineRange | undefined {
  const shift = (line: number) => {
    let offset = 0;
    for (const h of hunks) {
      const lastNew = h.newLines > 0 ? h.newStart + h.newLines - 1 : h.newStart;
      if (line > lastNew) offset += h.oldLines - h.newLines;
    }
    return line + offset;
  };
  const inside = (line: number) => hunks.find((h) => h.newLines > 0 && line >= h.newStart && line < h.newStart + h.newLines);
  const at = (line: number, edge: 'start' | 'end') => {
    const h = inside(line);
    if (!h) return shift(line);
    if (h.oldLines === 0) return edge === 'start' ? h.oldStart + 1 : h.oldStart; // an insertion after old line oldStart
    return edge === 'start' ? h.oldStart : h.oldStart + h.oldLines - 1;
  };
  const startLine = Math.max(1, at(range.startLine, 'start'));
  const endLine = at(range.endLine, 'end');
  return endLine >= startLine ? { startLine, endLine } : undefined;
}

/**
 * The hunk of a pull request file's patch whose new (RIGHT) side holds the whole range: where a
 * multi-line review comment can go (`start_line` and `line` must be in the same hunk).
 */
export function hunkHolding(hunks: readonly DiffHunk[], range: LineRange): DiffHunk | undefined {
  return hunks.find((h) => {
    const side = newSide(h);
    return side !== undefined && side.startLine <= range.startLine && range.endLine <= side.endLine;
  });
}

export interface LocalEdits {
  /** clean: the selection is as committed at HEAD; edited: some of its lines are not; untracked: the file is not committed at all. */
  readonly state: 'clean' | 'edited' | 'untracked';
  /** The uncommitted hunks (working copy against HEAD) that touch the selection. */
  readonly hunks: readonly DiffHunk[];
  /** Where the selection's lines are at HEAD; undefined when none of them are committed. */
  readonly headRange?: LineRange;
}

/** Says in words what an ask will quote when the selection has uncommitted edits; undefined when it has none. */
export function describeLocalEdits(edits: LocalEdits, file: string): string | undefined {
  if (edits.state === 'clean') return undefined;
  if (edits.state === 'untracked') return `${file} is not committed yet, so your local lines will be quoted (there is nothing on GitHub to link to).`;
  const lines = edits.hunks.map((h) =>
    h.newLines === 0 ? `a removal after line ${h.newStart}` : h.newLines === 1 ? `line ${h.newStart}` : `lines ${h.newStart}–${h.newStart + h.newLines - 1}`,
  );
  const where = lines.length > 0 ? lines.join(', ') : 'the selection';
  const link = edits.headRange ? `; the ask points at the committed lines ${edits.headRange.startLine}–${edits.headRange.endLine}` : '';
  return `Uncommitted changes in ${where} of ${file}: your local version will be quoted${link}.`;
}
