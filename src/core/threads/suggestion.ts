// Applying a partner's ```suggestion to the local file. GitHub's suggestion replaces the lines the
// review comment sits on at the pull request's head; the local file may have moved on since. So the
// lines are checked against what was asked about (the anchor's snippet): when they still match, the
// suggestion replaces them; when the snippet moved, it replaces it where it is now (found exactly
// once); otherwise nothing is changed and the reason is given. Never a silent edit of the wrong lines.

export interface SuggestionAnchor {
  /** 1-based, inclusive: where the suggestion applies at the pull request's head. */
  readonly startLine: number;
  readonly endLine: number;
  /** The lines as they were asked about. */
  readonly snippet: string;
}

export type SuggestionPlan =
  | {
      readonly ok: true;
      /** 1-based, inclusive lines of the local text that are replaced. */
      readonly startLine: number;
      readonly endLine: number;
      /** The replacement, in the document's line ending. */
      readonly replacement: string;
      /** The whole text after the change (for the diff preview). */
      readonly newText: string;
      /** The lines were found elsewhere than the anchor says. */
      readonly moved: boolean;
    }
  | { readonly ok: false; readonly reason: string };

const split = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');
const sameLines = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((line, i) => line.trimEnd() === (b[i] ?? '').trimEnd());

/** Where the anchored lines are in `text` now, or why they cannot be found. */
function locate(lines: readonly string[], anchor: SuggestionAnchor): { start: number; moved: boolean } | string {
  const snippet = split(anchor.snippet.replace(/\r?\n$/, ''));
  const start = anchor.startLine - 1;
  if (anchor.startLine < 1 || anchor.endLine < anchor.startLine) return 'the suggestion’s lines are not a valid range';
  if (snippet.length === anchor.endLine - anchor.startLine + 1 && sameLines(lines.slice(start, start + snippet.length), snippet))
    return { start, moved: false };
  const found: number[] = [];
  for (let i = 0; i + snippet.length <= lines.length && found.length < 2; i++) if (sameLines(lines.slice(i, i + snippet.length), snippet)) found.push(i);
  if (found.length === 1) return { start: found[0], moved: true };
  return found.length === 0
    ? 'the lines it replaces have changed in your copy since the ask; apply it on GitHub or edit by hand'
    : 'the lines it replaces appear more than once in your copy; apply it on GitHub or edit by hand';
}

/** Plans replacing the anchored lines of `text` with `suggestion`. */
export function planSuggestion(text: string, anchor: SuggestionAnchor, suggestion: string): SuggestionPlan {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = split(text);
  const where = locate(lines, anchor);
  if (typeof where === 'string') return { ok: false, reason: where };
  const count = split(anchor.snippet.replace(/\r?\n$/, '')).length;
  const replacementLines = suggestion === '' ? [] : split(suggestion);
  const next = [...lines.slice(0, where.start), ...replacementLines, ...lines.slice(where.start + count)];
  return {
    ok: true,
    startLine: where.start + 1,
    endLine: where.start + count,
    replacement: replacementLines.join(eol),
    newText: next.join(eol),
    moved: where.moved,
  };
}

/** Whether a suggestion can still be applied to `text`: it may be in already, or its lines gone. */
export type SuggestionState = 'ready' | 'applied' | 'changed';

/**
 * `applied` when the suggested lines stand where the suggestion goes (at the anchor's lines, or,
 * when the asked-about lines are nowhere, found exactly once): applying again would duplicate them.
 * `changed` when the asked-about lines cannot be found (once) any more; else `ready`.
 */
export function suggestionState(text: string, anchor: SuggestionAnchor, suggestion: string): SuggestionState {
  const lines = split(text);
  const wanted = suggestion === '' ? [] : split(suggestion);
  const snippet = split(anchor.snippet.replace(/\r?\n$/, ''));
  if (wanted.length > 0) {
    const start = anchor.startLine - 1;
    if (start >= 0 && sameLines(lines.slice(start, start + wanted.length), wanted)) return 'applied';
  }
  const where = locate(lines, anchor);
  if (typeof where !== 'string') return sameLines(snippet, wanted) ? 'applied' : 'ready';
  if (wanted.length === 0) return 'changed';
  let found = 0;
  for (let i = 0; i + wanted.length <= lines.length && found < 2; i++) if (sameLines(lines.slice(i, i + wanted.length), wanted)) found++;
  return found === 1 ? 'applied' : 'changed';
}
