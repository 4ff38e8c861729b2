// Where a review comment stands at a pull request's current head, decided with real git as GitHub
// decides it: a comment (and its thread) is outdated once the head has moved AND the commented lines
// changed between the comment's original commit and the head. Lines that did not change keep the
// comment current, moved to where they now are (lines added or removed above them shift `line`).
// File-level comments are outdated once the file changed. Comments on the LEFT side are about the
// base version, so they only go out of date when the merge base moved and those lines changed.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ReviewComment } from './state';

const exec = promisify(execFile);

export interface Placement {
  /** The commented lines (or file) changed since the comment's original commit. */
  readonly outdated: boolean;
  /** The commented line at the head (null when outdated or file-level). */
  readonly line: number | null;
  /** The first line of a multi-line comment at the head (null when single-line, outdated or file-level). */
  readonly startLine: number | null;
  /** The commit the comment applies to now: the head when current, else its original commit. */
  readonly commitId: string;
}

/** A hunk of a zero-context diff: `count` old lines from `start` replaced (count 0: insertion after line `start`). */
interface Change {
  readonly start: number;
  readonly count: number;
  readonly added: number;
}

const MAX_CACHED = 2000;
/** Diffs between two commits never change, so they are cached by (repository, from, to, path). */
const cache = new Map<string, Promise<Change[] | null>>();

async function git(gitDir: string, args: readonly string[]): Promise<string> {
  const { stdout } = await exec('git', ['--git-dir', gitDir, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The changes to one file between two commits (`git diff -U0`), or null when git cannot tell (unknown commit). */
export function fileChanges(gitDir: string, from: string, to: string, path: string): Promise<Change[] | null> {
  const key = [gitDir, from, to, path].join('\0');
  let hit = cache.get(key);
  if (!hit) {
    hit = git(gitDir, ['diff', '--no-color', '--no-ext-diff', '--no-renames', '-U0', from, to, '--', path])
      .then((out) =>
        [...out.matchAll(/^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@/gm)].map((m) => ({
          start: Number(m[1]),
          count: m[2] === undefined ? 1 : Number(m[2]),
          added: m[3] === undefined ? 1 : Number(m[3]),
        })),
      )
      .catch(() => null);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}

/**
 * Maps the line range [first, last] of the old version through the changes: the new range, or
 * undefined when a changed line lies inside it (a removal or replacement touching it, or lines
 * inserted between its lines).
 */
export function mapRange(changes: readonly Change[], first: number, last: number): { first: number; last: number } | undefined {
  let shift = 0;
  for (const c of changes) {
    if (c.count === 0) {
      // Inserted after old line c.start.
      if (c.start >= first && c.start < last) return undefined;
      if (c.start < first) shift += c.added;
    } else {
      const end = c.start + c.count - 1;
      if (c.start <= last && end >= first) return undefined;
      if (end < first) shift += c.added - c.count;
    }
  }
  return { first: first + shift, last: last + shift };
}

async function mergeBase(gitDir: string, a: string, b: string): Promise<string | null> {
  try {
    return (await git(gitDir, ['merge-base', a, b])).trim() || null;
  } catch {
    return null;
  }
}

/** Where a review comment stands at its pull request's current head. */
export async function placement(comment: ReviewComment): Promise<Placement> {
  const pull = comment.pull.pull!;
  const gitDir = comment.pull.repo.gitDir;
  const original = comment.originalCommitId;
  const head = pull.headSha;
  const lastLine = comment.originalLine ?? comment.line;
  const firstLine = comment.originalStartLine ?? comment.startLine;
  const current: Placement = { outdated: false, line: lastLine, startLine: firstLine, commitId: head };
  const outdated: Placement = { outdated: true, line: null, startLine: null, commitId: comment.commitId };
  if (original === head) return current;

  let from = original;
  let to = head;
  if (comment.side === 'LEFT' && comment.subjectType === 'line') {
    const [before, now] = await Promise.all([mergeBase(gitDir, pull.baseSha, original), mergeBase(gitDir, pull.baseSha, head)]);
    if (!before || !now) return outdated;
    if (before === now) return current;
    from = before;
    to = now;
  }
  const changes = await fileChanges(gitDir, from, to, comment.path);
  if (changes === null) return outdated;
  if (comment.subjectType === 'file' || lastLine === null) {
    return changes.length > 0 ? outdated : { ...current, line: null, startLine: null };
  }
  const mapped = mapRange(changes, firstLine ?? lastLine, lastLine);
  if (!mapped) return outdated;
  return { ...current, line: mapped.last, startLine: firstLine === null ? null : mapped.first };
}
