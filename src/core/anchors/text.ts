// Lines as the fuzzy matcher compares them: whitespace-insensitive text, a token multiset, and a
// weight (how much a line says: `}` says little, a call with arguments says a lot).

/** Splits text into lines (CRLF or LF), without the empty line after a final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface PreparedLine {
  /** Trimmed, inner whitespace collapsed. */
  readonly norm: string;
  /** Identifiers, numbers and single punctuation characters, sorted (a multiset). */
  readonly tokens: readonly string[];
  /** The number of tokens; 0 for a blank line. */
  readonly weight: number;
}

const TOKEN = /[A-Z_$][\w$]*|\d[\w.]*|\S/gi;

/** Trimmed, runs of whitespace inside as one space. */
export function normalize(line: string): string {
  const t = line.trim();
  return /\s\s|[\t\f\v\r]/.test(t) ? t.replace(/\s+/g, ' ') : t;
}

export function prepareLine(line: string): PreparedLine {
  const norm = normalize(line);
  const tokens = norm.match(TOKEN) ?? [];
  tokens.sort();
  return { norm, tokens, weight: tokens.length };
}

/** 1 for the same text up to whitespace, else the Dice coefficient of the token multisets. */
export function lineSimilarity(a: PreparedLine, b: PreparedLine): number {
  if (a.norm === b.norm) return 1;
  if (a.weight === 0 || b.weight === 0) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.tokens.length && j < b.tokens.length) {
    const x = a.tokens[i];
    const y = b.tokens[j];
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * common) / (a.weight + b.weight);
}

/** Prepares lines on demand, each once: resolving one anchor looks at a small part of a big file. */
export class PreparedText {
  private readonly cache: (PreparedLine | undefined)[];
  constructor(readonly lines: readonly string[]) {
    this.cache = new Array<PreparedLine | undefined>(lines.length);
  }
  get length(): number {
    return this.lines.length;
  }
  at(i: number): PreparedLine {
    return (this.cache[i] ??= prepareLine(this.lines[i]));
  }
}
