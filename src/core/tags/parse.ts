// `ASK:` tags in code comments: `// ASK(@alice): why does this deadlock?` or `# ASK: …` (no login:
// the default partner). Once sent, the extension rewrites a tag to its sent form,
// `ASKED(@alice): why does this deadlock? → https://github.com/…`, which is no longer an ask to send.
// Line-based and heuristic: a tag must open a comment (or a line of an open block comment or
// docstring), and comment markers inside a string on the same line are skipped.
import type { AskTag } from '../../shared/askTag';
import { commentSyntax, type CommentSyntax } from './syntax';

export type { AskTag };

/** A tag that was sent: rewritten to `ASKED(@login): question → url`. */
export interface SentAskTag extends AskTag {
  readonly url: string;
}

export interface ParseOptions {
  /** A VS Code language id or a file extension, choosing the comment syntax; every syntax when absent. */
  readonly language?: string;
}

const LOGIN = /^[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){0,38}$/i;
/** At the start of a comment's text: decoration (`*`, `#`, `!`…), the keyword, an optional login, a separator. */
const TAG = /[ \t*#/!;%'-]*\b(ask(?:ed)?)(?![\w-])(?:[ \t]*\([ \t]*@?([\w-]+)[ \t]*\))?[ \t]*(:|→|->)[ \t]*/iy;
/** Cheap test of a whole text before parsing it line by line. */
const QUICK = /(?<![\w-])ask(?:ed)?[ \t]*[(:→-]/i;
/** Longer lines carry no tag: a bound on what one line of a workspace file can cost (SECURITY.md). */
export const MAX_TAG_LINE = 4_000;
/** What closes a block comment when a line marker came first (a C block closer after `;` in an unknown language). */
const CLOSERS = ['*/', '-->', '*)', '-}', '"""', "'''", '#>'];

/** Unsent `ASK:` tags in a text, in order. */
export function parseTags(text: string, options: ParseOptions = {}): AskTag[] {
  return scanTags(text, options).filter((t): t is AskTag & { url?: undefined } => !('url' in t));
}

/** Tags already sent (their sent form), in order. */
export function parseSentTags(text: string, options: ParseOptions = {}): SentAskTag[] {
  return scanTags(text, options).filter((t): t is SentAskTag => 'url' in t);
}

/** Whether a text may hold a tag at all (a fast pre-check; `parseTags` decides). */
export function mayHaveTags(text: string): boolean {
  return QUICK.test(text);
}

/** The sent form that replaces a tag's range [startCharacter, endCharacter). */
export function sentTagText(tag: Pick<AskTag, 'login' | 'question'>, url: string, partner?: string): string {
  const login = partner ?? tag.login;
  return `ASKED${login ? `(@${login})` : ''}: ${tag.question} → ${url}`;
}

/** Both kinds of tag, in order. */
export function scanTags(text: string, options: ParseOptions = {}): (AskTag | SentAskTag)[] {
  if (!QUICK.test(text)) return [];
  const syntax = commentSyntax(options.language);
  const lines = text.split(/\r\n|\r|\n/);
  const tags: (AskTag | SentAskTag)[] = [];
  let open: readonly [string, string] | null = null;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? '';
    const scanned = commentRegions(line, syntax, open);
    open = scanned.open;
    if (line.length > MAX_TAG_LINE || !QUICK.test(line)) continue;
    for (const region of scanned.regions) {
      const tag = tagIn(line, n, region);
      if (tag) tags.push(tag);
    }
  }
  return tags;
}

interface Region {
  readonly start: number;
  readonly end: number;
  /** A C-style block: trailing stars before the closer are decoration. */
  readonly starry: boolean;
}

/** The comment parts of one line, given the block comment open at its start; and what is open at its end. */
function commentRegions(
  line: string,
  syntax: CommentSyntax,
  openAtStart: readonly [string, string] | null,
): { regions: Region[]; open: readonly [string, string] | null } {
  const regions: Region[] = [];
  let i = 0;
  if (openAtStart) {
    const close = line.indexOf(openAtStart[1]);
    if (close < 0) return { regions: [{ start: 0, end: line.length, starry: openAtStart[0] === '/*' }], open: openAtStart };
    regions.push({ start: 0, end: close, starry: openAtStart[0] === '/*' });
    i = close + openAtStart[1].length;
  } else {
    const indent = line.length - line.trimStart().length;
    const marker = syntax.lineStart.find((m) => line.startsWith(m, indent) && (m !== 'REM' || /\s|$/.test(line.charAt(indent + 3))));
    if (marker) return { regions: [{ start: indent + marker.length, end: line.length, starry: marker === '*' }], open: null };
  }
  const starts = firstCharsOf(syntax);
  while (i < line.length) {
    // Most characters start no marker and no string: jump to the next one that may (a character class, linear).
    starts.lastIndex = i;
    const next = starts.exec(line);
    if (!next) break;
    i = next.index;
    const block = syntax.block.find(([o]) => line.startsWith(o, i));
    if (block) {
      const from = i + block[0].length;
      const close = line.indexOf(block[1], from);
      if (close < 0) {
        regions.push({ start: from, end: line.length, starry: block[0] === '/*' });
        return { regions, open: block };
      }
      regions.push({ start: from, end: close, starry: block[0] === '/*' });
      i = close + block[1].length;
      continue;
    }
    const marker = syntax.line.find((m) => line.startsWith(m, i));
    if (marker) {
      regions.push({ start: i + marker.length, end: line.length, starry: false });
      break;
    }
    const ch = line.charAt(i);
    if (syntax.quotes.includes(ch)) {
      const close = closingQuote(line, ch, i + 1);
      if (close < 0) break; // a string that runs on: nothing after it is a comment
      i = close + 1;
      continue;
    }
    i++;
  }
  return { regions, open: null };
}

const firstChars = new WeakMap<CommentSyntax, RegExp>();
/** A character class of what a block opener, a line marker or a string can start with. */
function firstCharsOf(syntax: CommentSyntax): RegExp {
  let re = firstChars.get(syntax);
  if (!re) {
    const chars = new Set([...syntax.block.map(([o]) => o), ...syntax.line, ...syntax.quotes].map((m) => m.charAt(0)));
    const escaped = [...chars].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    re = new RegExp(`[${escaped || '\\u0000'}]`, 'g');
    firstChars.set(syntax, re);
  }
  return re;
}

function closingQuote(line: string, quote: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    const ch = line.charAt(i);
    if (ch === '\\') i++;
    else if (ch === quote) return i;
  }
  return -1;
}

function tagIn(line: string, n: number, region: Region): AskTag | SentAskTag | undefined {
  TAG.lastIndex = region.start;
  const m = TAG.exec(line);
  if (!m || m.index !== region.start || TAG.lastIndex > region.end) return undefined;
  const [whole, keyword = '', rawLogin, separator] = m;
  const startCharacter = region.start + whole.search(/a/i); // decoration holds no letters
  if (rawLogin !== undefined && !LOGIN.test(rawLogin)) return undefined;
  let rest = line.slice(TAG.lastIndex, region.end).trimEnd();
  if (region.starry) rest = trimEndOf(rest, '*');
  // A closer left in the text when a line marker came first.
  const closer = CLOSERS.find((c) => rest.endsWith(c));
  if (closer) rest = rest.slice(0, -closer.length).trimEnd();
  const endCharacter = TAG.lastIndex + rest.length;
  const base = { line: n, startCharacter, endCharacter, ...(rawLogin ? { login: rawLogin } : {}) };
  const sent = keyword.length > 3 || separator !== ':';
  if (!sent) return rest ? { ...base, question: rest } : undefined;
  const url = urlAtEnd(rest);
  if (!url) return undefined;
  return { ...base, question: url.before, url: url.url };
}

/** `text` without trailing whitespace and `extra` characters, in one backward pass. */
function trimEndOf(text: string, extra: string): string {
  let end = text.length;
  while (end > 0 && (extra.includes(text.charAt(end - 1)) || text.charAt(end - 1).trim() === '')) end--;
  return text.slice(0, end);
}

/**
 * A sent tag's `→ https://…` at the end of its text: the URL runs from the first `http(s)://` in the
 * last whitespace-free word to the end; an arrow (`→` or `->`) and spaces before it are dropped.
 * Hand-written, linear: a regular expression with optional spaces around an optional arrow
 * backtracked quadratically on a long run of spaces.
 */
function urlAtEnd(text: string): { before: string; url: string } | undefined {
  let word = text.length;
  while (word > 0 && text.charAt(word - 1).trim() !== '') word--;
  const lastWord = text.slice(word);
  const at = /https?:\/\//.exec(lastWord);
  if (!at || lastWord.length <= at.index + at[0].length) return undefined;
  let before = trimEndOf(text.slice(0, word + at.index), '');
  if (before.endsWith('→')) before = before.slice(0, -1);
  else if (before.endsWith('->')) before = before.slice(0, -2);
  return { before: before.trim(), url: lastWord.slice(at.index) };
}

/**
 * The tag in a document now that best matches one seen earlier: the same question and login, on the
 * nearest line. The one rule for finding a tag again after edits (the server's send, the extension's
 * rewrite of a tag whose ask waited in the outbox).
 */
export function findTag(tags: readonly AskTag[], wanted: Pick<AskTag, 'line' | 'question' | 'login'>): AskTag | undefined {
  let best: AskTag | undefined;
  for (const t of tags) {
    if (t.question !== wanted.question || t.login !== wanted.login) continue;
    if (!best || Math.abs(t.line - wanted.line) < Math.abs(best.line - wanted.line)) best = t;
  }
  return best;
}
