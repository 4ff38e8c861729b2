// Gathers what routing needs for an ask from the workspace and GitHub (local git context, uncommitted
// edits in the selection, the branch's open pull request and its diff) and plans the ask. Nothing is
// written to GitHub here; the plan is shown to the user, then posted (post.ts), usually via the outbox.
import type { GitHubClient } from '../github/client';
import { readGitContext, readLocalEdits, repoPath, type GitContext } from '../git/context';
import type { LocalEdits } from '../git/diff';
import type { RepoRef } from '../model';
import type { AskInput, AskPlan } from './plan';
import { fetchPullSnapshot, findOpenPull, getPull, type PullSummary } from './pulls';
import { routePullRequestAsk, routeSelectionAsk, type PullSnapshot, type RouteResult } from './route';

export interface SelectionAskRequest {
  readonly ask: AskInput;
  /** The workspace folder (any folder inside the work tree). */
  readonly folder: string;
  /** Absolute path of the file the selection is in. */
  readonly file: string;
  /** Editor lines, 1-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  /** The selected lines' text as the editor shows it. */
  readonly text: string;
  /** The editor has unsaved changes in the file (git cannot see them). */
  readonly unsaved?: boolean;
  readonly exchange?: RepoRef;
  readonly label?: string;
}

export type PreparedAsk = RouteResult & {
  readonly git?: GitContext;
  readonly edits?: LocalEdits;
  readonly pull?: PullSnapshot;
};

/** The open pull request of the checked-out branch: in the remote's repository, else in `upstream` (a fork's parent). */
export async function findBranchPull(client: GitHubClient, git: GitContext): Promise<PullSummary | undefined> {
  if (!git.remote || !git.remoteBranch) return undefined;
  for (const remote of [git.remote, git.upstream]) {
    if (!remote || remote.repo.host !== git.remote.repo.host) continue;
    const found = await findOpenPull(client, remote.repo, git.remote.repo.owner, git.remoteBranch);
    if (found) return found;
  }
  return undefined;
}

/** Plans an ask about selected code (see route.ts for where it goes). */
export async function prepareSelectionAsk(client: GitHubClient, request: SelectionAskRequest): Promise<PreparedAsk> {
  const git = await readGitContext(request.folder);
  if (!git) return { ok: false, reason: `${request.folder} is not in a git repository with a commit, so there is nothing to anchor the ask to.` };
  const path = await repoPath(git.root, request.file);
  const lines = { startLine: Math.min(request.startLine, request.endLine), endLine: Math.max(request.startLine, request.endLine) };
  const edits = await readLocalEdits(git.root, path, lines);
  const summary = await findBranchPull(client, git);
  // An unpushed commit goes to an issue whatever the pull request's diff says: its files are not needed.
  const pull = summary && (git.headPushed ? await fetchPullSnapshot(client, summary) : { ...summary, files: [] });
  const result = routeSelectionAsk({
    ask: request.ask,
    selection: { path, ...lines, text: request.text },
    edits,
    head: git.head,
    headPushed: git.headPushed,
    ...(git.branch ? { branch: git.branch } : {}),
    ...(git.remote ? { source: { repo: git.remote.repo, webUrl: git.remote.webUrl } } : {}),
    ...(pull ? { pull } : {}),
    ...(request.exchange ? { exchange: request.exchange } : {}),
    ...(request.label ? { label: request.label } : {}),
  });
  const extra = { git, edits, ...(pull ? { pull } : {}) };
  if (!result.ok || !request.unsaved) return { ...result, ...extra };
  const plan: AskPlan = {
    ...result.plan,
    notes: [...result.plan.notes, `${path} has unsaved changes, which git cannot see: save it so the lines asked about are the lines on disk.`],
  };
  return { ok: true, plan, ...extra };
}

export interface PullRequestAskRequest {
  readonly ask: AskInput;
  /** The pull request; when absent, the open one of the branch checked out in `folder`. */
  readonly pull?: { readonly repo: RepoRef; readonly number: number };
  readonly folder?: string;
  readonly label?: string;
}

/** Plans tagging a whole pull request as an ask. */
export async function preparePullRequestAsk(client: GitHubClient, request: PullRequestAskRequest): Promise<RouteResult> {
  let pull: PullSummary | undefined;
  if (request.pull) {
    pull = await getPull(client, request.pull.repo, request.pull.number);
  } else if (request.folder) {
    const git = await readGitContext(request.folder);
    pull = git && (await findBranchPull(client, git));
    if (!pull) return { ok: false, reason: `There is no open pull request for ${git?.branch ? `branch ${git.branch}` : 'the checked-out commit'}.` };
  } else {
    return { ok: false, reason: 'No pull request was named and no folder was given to find one.' };
  }
  return { ok: true, plan: routePullRequestAsk({ ask: request.ask, pull, ...(request.label ? { label: request.label } : {}) }) };
}
