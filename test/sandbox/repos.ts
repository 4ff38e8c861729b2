// Creating repositories and commits in the sandbox (seeds, the admin surface), and keeping pull
// requests in step with pushes: a push to a pull request's head branch moves its head, as on GitHub.
import type { Sandbox } from './server';
import { timestamp, type Label, type Repo, type SandboxState, type User } from './state';

const DEFAULT_LABELS: readonly [string, string, string][] = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['question', 'd876e3', 'Further information is requested'],
];

export interface NewRepo {
  readonly isPrivate?: boolean;
  readonly description?: string | null;
  readonly defaultBranch?: string;
  readonly files: Readonly<Record<string, string>>;
  readonly collaborators?: readonly string[];
}

export function signature(user: User): { name: string; email: string } {
  return { name: user.name, email: `${user.id}+${user.login}@users.noreply.sandbox.local` };
}

export async function createRepo(sandbox: Sandbox, owner: User, name: string, spec: NewRepo): Promise<Repo> {
  const { state, git } = sandbox;
  const defaultBranch = spec.defaultBranch ?? 'main';
  const gitDir = await git.createRepo(owner.login, name, defaultBranch, spec.files, signature(owner));
  const now = timestamp();
  const labels: Label[] = DEFAULT_LABELS.map(([n, color, description]) => ({ id: state.id(), name: n, color, description, isDefault: true }));
  return state.addRepo({
    id: state.id(),
    owner,
    name,
    description: spec.description ?? null,
    isPrivate: spec.isPrivate ?? false,
    defaultBranch,
    gitDir,
    collaborators: new Set((spec.collaborators ?? []).map((c) => c.toLowerCase())),
    labels,
    issues: new Map(),
    nextNumber: 1,
    createdAt: now,
    updatedAt: now,
    pushedAt: now,
  });
}

/** Commits on a branch (creating it from `parent` or the branch itself) and handles it as a push. */
export async function pushCommit(
  sandbox: Sandbox,
  repo: Repo,
  author: User,
  branch: string,
  parent: string | null,
  files: Readonly<Record<string, string | null>>,
  message: string,
): Promise<string> {
  const existing = await sandbox.git.resolve(repo.gitDir, `refs/heads/${branch}`);
  const base = parent ?? (existing ? `refs/heads/${branch}` : `refs/heads/${repo.defaultBranch}`);
  const sha = await sandbox.git.commit(repo.gitDir, branch, base, files, message, signature(author));
  sandbox.state.emit({ type: 'push', repo, ref: branch, sha });
  return sha;
}

/** Moves pull request heads and bases when their branches are pushed. */
export function followPushes(state: SandboxState): void {
  state.on((event) => {
    if (event.type !== 'push') return;
    const now = timestamp();
    event.repo.pushedAt = now;
    for (const issue of event.repo.issues.values()) {
      const pull = issue.pull;
      if (!pull || issue.state !== 'open') continue;
      if (pull.headRef === event.ref && pull.headSha !== event.sha) {
        pull.headSha = event.sha;
        issue.updatedAt = now;
      }
      if (pull.baseRef === event.ref) pull.baseSha = event.sha;
    }
  });
}
