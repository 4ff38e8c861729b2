// Reading what git prints about a commit pair, in one linear pass each: `--name-status -z` lists,
// multi-file `-U0` diffs (split into files by counting each hunk's lines, so a changed line that
// looks like a header is never read as one), and `cat-file --batch` output (sized by bytes).
import { parseHunks, type DiffHunk } from './diff';

export interface NameStatus {
  /** git's letter: A added, D deleted, M modified, R renamed, C copied, T type changed. */
  readonly status: string;
  /** The path before (the same as `to` unless renamed or copied). */
  readonly from: string;
  readonly to: string;
}

/** `git diff --name-status -z` (with -M): status NUL path NUL, or status NUL old NUL new NUL. */
export function parseNameStatus(z: string): NameStatus[] {
  const out: NameStatus[] = [];
  const fields = z.split('\0');
  for (let i = 0; i + 1 < fields.length;) {
    const status = fields[i].charAt(0);
    if (status === 'R' || status === 'C') {
      if (i + 2 >= fields.length) break;
      out.push({ status, from: fields[i + 1], to: fields[i + 2] });
      i += 3;
    } else {
      if (status) out.push({ status, from: fields[i + 1], to: fields[i + 1] });
      i += 2;
    }
  }
  return out;
}

/** A C-style quoted path as git writes one with unusual characters (`"a/tab\there"`); undefined if malformed. */
export function unquotePath(quoted: string): string | undefined {
  if (!quoted.startsWith('"')) return quoted;
  if (!quoted.endsWith('"') || quoted.length < 2) return undefined;
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '"': 34, '\\': 92 };
  const body = quoted.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i] ?? '';
    if (next in simple) bytes.push(simple[next]);
    else if (/^[0-7]{3}$/.test(body.slice(i, i + 3))) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else return undefined;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** One file's part of a multi-file diff: its path before, and its hunks. */
export interface FileDiff {
  readonly old: string;
  readonly hunks: readonly DiffHunk[];
}

/**
 * A multi-file `git diff -U0` (with -M), by the file's path after: `+++ b/…` or `rename to …`.
 * `unreadable` says some file's header could not be read (its hunks are then unknown, not none).
 */
export function parseFileDiffs(diff: string): Map<string, FileDiff> & { unreadable?: boolean } {
  const out: Map<string, FileDiff> & { unreadable?: boolean } = new Map();
  let old: string | undefined;
  let now: string | undefined;
  let hunks: DiffHunk[] = [];
  let remaining = 0; // lines of the current hunk still to skip
  let open = false;
  const close = () => {
    if (open) {
      if (now === undefined || old === undefined) out.unreadable = true;
      else out.set(now, { old, hunks });
    }
    open = false;
  };
  const pathAfter = (rest: string, prefix: string) => {
    const tabless = rest.endsWith('\t') ? rest.slice(0, -1) : rest; // git appends a tab to names with spaces
    const p = unquotePath(tabless);
    if (p === undefined || p === '/dev/null') return undefined;
    return p.startsWith(prefix) ? p.slice(prefix.length) : undefined;
  };
  for (const line of diff.split('\n')) {
    if (remaining > 0) {
      if (line.startsWith('-') || line.startsWith('+')) remaining--;
      continue; // `\ No newline at end of file` is not counted
    }
    if (line.startsWith('diff --git ')) {
      close();
      open = true;
      old = undefined;
      now = undefined;
      hunks = [];
    } else if (!open) continue;
    else if (line.startsWith('@@ ')) {
      const [h] = parseHunks(line);
      if (!h) continue;
      hunks.push(h);
      remaining = h.oldLines + h.newLines;
    } else if (line.startsWith('rename from ')) old = unquotePath(line.slice(12));
    else if (line.startsWith('rename to ')) now = unquotePath(line.slice(10));
    else if (line.startsWith('--- ')) old ??= pathAfter(line.slice(4), 'a/');
    else if (line.startsWith('+++ ')) now ??= pathAfter(line.slice(4), 'b/');
  }
  close();
  return out;
}

/** `git cat-file --batch` output for `count` requests in order: each object's text, or undefined (missing). */
export function parseBlobs(out: Buffer, count: number): (string | undefined)[] {
  const texts: (string | undefined)[] = [];
  let at = 0;
  while (texts.length < count && at < out.length) {
    const eol = out.indexOf(10, at);
    if (eol < 0) break;
    const header = out.toString('utf8', at, eol);
    at = eol + 1;
    const m = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
    if (!m) {
      texts.push(undefined); // `<spec> missing` or `ambiguous`
      continue;
    }
    const size = Number(m[2]);
    texts.push(m[1] === 'blob' ? out.toString('utf8', at, at + size) : undefined);
    at += size + 1;
  }
  while (texts.length < count) texts.push(undefined);
  return texts;
}
