// The code a partner asked you about, read from the review comment itself: GitHub's `diffHunk` of a
// review comment is the diff hunk up to the commented line, so its new side's last lines are the lines
// asked about. A received ask gets them as its anchor (ARCHITECTURE.md §From GitHub to the screen): the
// Replies panel shows the code, and a workspace with the repository places the ask at it.
// GitHub text is hostile until parsed: the hunk is capped and read in one linear pass.
import type { CodeAnchor, RepoRef } from '../model';

/** Hunks longer than this are not read (GitHub's are a few lines to a few hundred). */
const MAX_HUNK_CHARS = 100_000;
/** Asks about more lines than this get no excerpt from the hunk. */
const MAX_LINES = 500;

/** `@@ -a,b +c,d @@`: the new side's first line number, c. */
function newStart(header: string): number | undefined {
  if (!header.startsWith('@@ -')) return undefined;
  const plus = header.indexOf(' +', 4);
  if (plus < 0) return undefined;
  let at = plus + 2;
  let n = 0;
  let digits = 0;
  while (at < header.length && header.charCodeAt(at) >= 48 && header.charCodeAt(at) <= 57 && digits < 9) {
    n = n * 10 + header.charCodeAt(at) - 48;
    at++;
    digits++;
  }
  return digits > 0 ? n : undefined;
}

/**
 * The anchor of a review comment on lines `startLine`..`line` (new side) of `path` at `commit`, from its
 * diff hunk; undefined when the hunk does not hold all of those lines (an old-side comment, a cut hunk).
 */
export function anchorFromHunk(
  repo: RepoRef,
  path: string,
  commit: string,
  startLine: number | undefined,
  line: number,
  diffHunk: string,
): CodeAnchor | undefined {
  const first = startLine ?? line;
  if (!path || !commit || diffHunk.length > MAX_HUNK_CHARS || first < 1 || line < first || line - first + 1 > MAX_LINES) return undefined;
  const rows = diffHunk.split('\n');
  let number = newStart(rows[0] ?? '');
  if (number === undefined) return undefined;
  const lines: string[] = [];
  for (const row of rows.slice(1)) {
    const kind = row[0];
    if (kind === '-' || kind === '\\') continue; // the old side, or "\ No newline at end of file"
    if (number >= first && number <= line) lines.push(row.slice(1).replace(/\r$/, ''));
    number++;
  }
  if (lines.length !== line - first + 1) return undefined;
  return { repo, path, commit, startLine: first, endLine: line, snippet: lines.join('\n') };
}
