// Where a block ends, from the code's own structure rather than line likeness: a function that grew
// (lines added at its end, or a nested function inserted before its last line) keeps its braces or
// its indentation. Brace languages by bracket depth (strings and `//`/`#` comments skipped on each
// line), indentation languages (Python) by the first line indented no deeper. Linear in the lines read.

export type BlockStyle = 'brace' | 'indent';

/** The bracket depth a line adds, outside strings and line comments. */
function depthChange(line: string): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '/' && line[i + 1] === '/') break;
    else if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
  }
  return depth;
}

const indentOf = (line: string) => line.length - line.trimStart().length;
const blank = (line: string) => line.trim() === '' || line.trimStart().startsWith('#');
const opensIndented = (line: string) => {
  const t = line.trimEnd();
  return t.endsWith(':') && /^\s*(?:async\s+)?(?:def|class|if|for|while|with|try)\b/.test(line);
};

/** Whether the lines are one whole block: opened on the first line and closed on the last (brace), or a `def …:` and its body (indent). */
export function blockStyleOf(lines: readonly string[]): BlockStyle | undefined {
  if (lines.length < 2) return undefined;
  let depth = depthChange(lines[0]);
  if (depth > 0) {
    for (let i = 1; i < lines.length; i++) {
      depth += depthChange(lines[i]);
      if (depth <= 0) return i === lines.length - 1 && depth === 0 ? 'brace' : undefined;
    }
    return undefined;
  }
  if (depth === 0 && opensIndented(lines[0])) {
    const base = indentOf(lines[0]);
    return lines.slice(1).every((l) => blank(l) || indentOf(l) > base) && !blank(lines[lines.length - 1]) ? 'indent' : undefined;
  }
  return undefined;
}

/** The last line (0-based) of the block opened on line `start`, read up to `limit` lines on; undefined when it does not close there. */
export function blockEnd(lines: readonly string[], start: number, style: BlockStyle, limit: number): number | undefined {
  const last = Math.min(lines.length - 1, start + limit);
  if (style === 'brace') {
    let depth = depthChange(lines[start]);
    if (depth <= 0) return undefined;
    for (let i = start + 1; i <= last; i++) {
      depth += depthChange(lines[i]);
      if (depth <= 0) return depth === 0 ? i : undefined;
    }
    return undefined;
  }
  if (!opensIndented(lines[start])) return undefined;
  const base = indentOf(lines[start]);
  let end: number | undefined;
  for (let i = start + 1; i <= last; i++) {
    if (blank(lines[i])) continue;
    if (indentOf(lines[i]) <= base) return end;
    end = i;
  }
  return last === lines.length - 1 ? end : undefined; // the file ended inside the block
}
