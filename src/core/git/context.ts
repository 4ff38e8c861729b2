// The local git facts an ask needs, read with the git CLI: the branch and its remote branch, HEAD,
// the GitHub repository behind the remote, whether HEAD is pushed, and which lines of a selection
// differ from HEAD (so the user is told what will be quoted).
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { hunksInRange, mapRangeToHead, parseHunks, type LineRange, type LocalEdits } from './diff';
import { remoteInfo, type RemoteInfo } from './remote';
import { gitOutput, runGit } from './run';

export interface GitContext {
  /** The work tree's root, as git reports it. */
  readonly root: string;
  /** The checked-out branch; undefined on a detached HEAD. */
  readonly branch?: string;
  /** The branch's name on its remote (from its upstream), else the local name. */
  readonly remoteBranch?: string;
  readonly head: string;
  /** The branch's remote, else `origin`, else the only remote, when it is a GitHub-style repository. */
  readonly remote?: RemoteInfo;
  /** A separate remote named `upstream` (a fork's parent), where the pull request may live. */
  readonly upstream?: RemoteInfo;
  /** HEAD is contained in a remote-tracking branch of `remote`, so GitHub has the commit. */
  readonly headPushed: boolean;
}

/** Reads the git context of a workspace folder; undefined when it is not inside a git work tree with a commit. */
export async function readGitContext(folder: string): Promise<GitContext | undefined> {
  const top = await runGit(folder, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return undefined;
  const root = top.stdout.trim();
  const headResult = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!headResult.ok) return undefined; // no commit yet
  const head = headResult.stdout.trim();
  const symbolic = await runGit(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const branch = symbolic.ok ? symbolic.stdout.trim() : undefined;

  const remotes = (await gitOutput(root, ['remote'])).split('\n').filter(Boolean);
  const config = async (key: string) => {
    const r = await runGit(root, ['config', '--get', key]);
    return r.ok ? r.stdout.trim() : undefined;
  };
  const branchRemote = branch ? await config(`branch.${branch}.remote`) : undefined;
  const name = [branchRemote, 'origin', remotes.length === 1 ? remotes[0] : undefined].find((r) => r !== undefined && remotes.includes(r));
  const info = async (remote: string) => remoteInfo(remote, await gitOutput(root, ['remote', 'get-url', remote]));
  const remote = name ? await info(name) : undefined;
  const upstream = name !== 'upstream' && remotes.includes('upstream') ? await info('upstream') : undefined;

  const merge = branch && branchRemote === name ? await config(`branch.${branch}.merge`) : undefined;
  const remoteBranch = merge?.startsWith('refs/heads/') ? merge.slice('refs/heads/'.length) : branch;

  let headPushed = false;
  if (name) {
    const containing = await runGit(root, ['for-each-ref', '--contains', head, '--format=%(refname)', `refs/remotes/${name}/`]);
    headPushed = containing.ok && containing.stdout.trim() !== '';
  }
  return {
    root,
    head,
    headPushed,
    ...(branch ? { branch } : {}),
    ...(remoteBranch ? { remoteBranch } : {}),
    ...(remote ? { remote } : {}),
    ...(upstream ? { upstream } : {}),
  };
}

/** A file's path relative to the work tree root, with forward slashes; throws when it is outside. */
export async function repoPath(root: string, file: string): Promise<string> {
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file).catch(() => path.resolve(file))]);
  const relative = path.relative(realRoot, realFile);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${file} is not inside the repository at ${root}`);
  return relative.split(path.sep).join('/');
}

/** The uncommitted edits of `file` (repository-relative) that touch the selected working-copy lines. */
export async function readLocalEdits(root: string, file: string, selection: LineRange): Promise<LocalEdits> {
  const tracked = await runGit(root, ['ls-files', '--error-unmatch', '--', file]);
  const atHead = await runGit(root, ['cat-file', '-e', `HEAD:${file}`]);
  if (!tracked.ok && !atHead.ok) return { state: 'untracked', hunks: [] };
  const diff = await gitOutput(root, ['diff', 'HEAD', '-U0', '--no-color', '--no-ext-diff', '--no-textconv', '--', file]);
  const all = parseHunks(diff);
  const touching = hunksInRange(all, selection);
  const headRange = atHead.ok ? mapRangeToHead(all, selection) : undefined;
  return { state: touching.length > 0 || !atHead.ok ? 'edited' : 'clean', hunks: touching, ...(headRange ? { headRange } : {}) };
}
