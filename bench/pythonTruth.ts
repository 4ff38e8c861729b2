// Ground truth for Python, independent of the mapper: functions and classes by qualified name
// (`Signer.sign`, `outer/inner`) with the statements of their bodies, found from Python's own
// structure — logical lines (brackets, strings and triple-quoted strings followed across lines)
// and indentation. Gives the same shapes as the TypeScript parser's truth in anchors.ts.
import type ts from 'typescript';
import type { Fn, Statement } from './anchors';

interface Logical {
  /** 0-based first and last physical line. */
  readonly start: number;
  end: number;
  readonly indent: number;
  readonly text: string;
}

/** The file's logical lines, skipping blank and comment-only ones. */
function logicalLines(lines: readonly string[]): Logical[] {
  const out: Logical[] = [];
  let depth = 0;
  let triple: string | undefined; // the open triple quote
  let current: Logical | undefined;
  let joinNext = false; // a backslash at the end joins the next line
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const continued = depth > 0 || triple !== undefined || joinNext;
    if (!continued) {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      current = { start: i, end: i, indent: line.length - line.trimStart().length, text: trimmed };
      out.push(current);
    } else if (current) current.end = i;
    // Scan the characters: brackets outside strings, strings, comments, backslash continuation.
    let quote: string | undefined;
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (triple) {
        if (line.startsWith(triple, c)) {
          c += 2;
          triple = undefined;
        } else if (ch === '\\') c++;
        continue;
      }
      if (quote) {
        if (ch === '\\') c++;
        else if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === '#') break;
      if (line.startsWith('"""', c) || line.startsWith("'''", c)) {
        triple = line.slice(c, c + 3);
        c += 2;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    }
    joinNext = triple === undefined && line.trimEnd().endsWith('\\');
  }
  return out;
}

const KINDS = [
  'if',
  'for',
  'while',
  'try',
  'with',
  'return',
  'raise',
  'def',
  'class',
  'async',
  'assert',
  'yield',
  'del',
  'pass',
  'import',
  'from',
  'global',
  'nonlocal',
  'break',
  'continue',
];
const kindOf = (text: string): ts.SyntaxKind => {
  const word = /^[a-z]+/.exec(text)?.[0] ?? '';
  const k = KINDS.indexOf(word);
  return k < 0 ? 1000 + (text.includes('=') ? 1 : 0) : k;
};

/** Functions (and methods) by qualified name, duplicates kept, each with its body's statements. */
export function pyFunctionsOf(text: string): Map<string, Fn[]> {
  const lines = text.split(/\r?\n/);
  const logical = logicalLines(lines);
  const out = new Map<string, Fn[]>();
  // The block a logical line opens runs to the last logical line before one indented no deeper.
  const blockEnd = (at: number) => {
    let end = logical[at].end;
    for (let j = at + 1; j < logical.length && logical[j].indent > logical[at].indent; j++) end = logical[j].end;
    return end;
  };
  const walk = (from: number, to: number, prefix: string) => {
    for (let i = from; i < to; i++) {
      const l = logical[i];
      const def = /^(?:async\s+)?def\s+(\w+)/.exec(l.text);
      const cls = /^class\s+(\w+)/.exec(l.text);
      if (!def && !cls) continue;
      let last = i + 1;
      while (last < logical.length && logical[last].indent > l.indent) last++;
      if (cls) {
        walk(i + 1, last, `${prefix}${cls[1]}.`);
      } else if (def) {
        const key = `${prefix}${def[1]}`;
        const bodyIndent = last > i + 1 ? logical[i + 1].indent : -1;
        const statements: Statement[] = [];
        for (let j = i + 1; j < last; j++) {
          if (logical[j].indent !== bodyIndent) continue;
          statements.push({ start: logical[j].start, end: blockEnd(j), kind: kindOf(logical[j].text), header: logical[j].text.replace(/\s+/g, ' ') });
        }
        const fn: Fn = { key, start: l.start, end: blockEnd(i), statements };
        const list = out.get(key) ?? [];
        list.push(fn);
        out.set(key, list);
        walk(i + 1, last, `${key}/`);
      }
      i = last - 1;
    }
  };
  walk(0, logical.length, '');
  return out;
}
