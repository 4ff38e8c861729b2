// What became of a file since a commit, for anchors that follow code: whether this clone knows the
// commit, the file's text then, where it is now (following a rename, `git diff -M`), and the
// zero-context hunks from then to the work tree. Every call is asynchronous and bounded in time.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseHunks, type DiffHunk } from './diff';
import { runGitBounded } from './run';

/** Enough for a diff of a big repository; past it the caller falls back to searching the text. */
export const GIT_TIMEOUT_MS = 10_000;

/** A commit id (hex), never anything git could read as an option: every function here checks it. */
const isCommitId = (commit: string) => /^[0-9a-f]{4,64}$/i.test(commit);

/** Whether `commit` names a commit this clone has (a shallow or other clone may not). */
export async function hasCommit(root: string, commit: string): Promise<boolean> {
  if (!isCommitId(commit)) return false;
  const result = await runGitBounded(root, ['cat-file', '-e', `${commit}^{commit}`], GIT_TIMEOUT_MS);
  return result.ok;
}

/** The file's text at `commit`; undefined when it did not exist there. */
export async function textAtCommit(root: string, commit: string, file: string): Promise<string | undefined> {
  if (!isCommitId(commit)) return undefined;
  const result = await runGitBounded(root, ['show', `${commit}:${file}`], GIT_TIMEOUT_MS);
  return result.ok ? result.stdout : undefined;
}

/**
 * Where `file` (as of `commit`) is in the work tree now: itself when it is still there, the target
 * of a rename git detects between the commit and the work tree, else undefined (deleted).
 */
export async function pathNow(root: string, commit: string, file: string): Promise<string | undefined> {
  if (
    await access(path.join(root, file)).then(
      () => true,
      () => false,
    )
  )
    return file;
  if (!isCommitId(commit)) return undefined;
  const result = await runGitBounded(root, ['diff', '-M', '--name-status', '-z', '--no-color', commit], GIT_TIMEOUT_MS);
  if (!result.ok) return undefined;
  const fields = result.stdout.split('\0');
  for (let i = 0; i < fields.length;) {
    const status = fields[i];
    if (status.startsWith('R') || status.startsWith('C')) {
      if (status.startsWith('R') && fields[i + 1] === file) return fields[i + 2];
      i += 3;
    } else i += 2;
  }
  return undefined;
}

/** The zero-context hunks of `file` from `commit` to the work tree, at `now` when it was renamed. */
export async function hunksSince(root: string, commit: string, file: string, now: string = file): Promise<DiffHunk[] | undefined> {
  if (!isCommitId(commit)) return undefined;
  const paths = now === file ? [file] : [file, now];
  const args = ['diff', '-U0', '--histogram', '-M', '--no-color', '--no-ext-diff', '--no-textconv', commit, '--', ...paths];
  const result = await runGitBounded(root, args, GIT_TIMEOUT_MS);
  return result.ok ? parseHunks(result.stdout) : undefined;
}
