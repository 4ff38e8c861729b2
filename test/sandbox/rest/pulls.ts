// Pull requests: list, create, get, files, merge and requested reviewers. Everything about a pull
// request's code comes from git: its head and base shas, diff, files, commit count, whether it merges
// cleanly, and the merge itself (a real merge commit on the base branch).
import { closeLinkedIssues } from '../closingRefs';
import { asRecord, HttpError, paginate, validationFailed, type Ctx, type Router } from '../http';
import { signature } from '../repos';
import { simpleUser } from '../serialize';
import { diffEntry, pullRequest, pullSimple } from '../serializeIssues';
import { timestamp, type Issue, type Repo, type User } from '../state';
import { pullCommits, pullOf, repoLinkPath, repoOf, repoRoute, runGit } from './reviewAnchors';
import { registerReviewCommentRoutes } from './reviewComments';

const invalid = (field: string) => validationFailed([{ resource: 'PullRequest', field, code: 'invalid' }]);
const custom = (message: string) => validationFailed([{ resource: 'PullRequest', code: 'custom', message }]);

function requiredString(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') throw validationFailed([{ resource: 'PullRequest', code: 'missing_field', field }]);
  return value;
}

/** The tree of base merged with head, or undefined when they conflict. */
async function mergedTree(repo: Repo, base: string, head: string): Promise<string | undefined> {
  const { ok, stdout } = await runGit(repo.gitDir, ['merge-tree', '--write-tree', base, head]);
  return ok ? stdout.split('\n')[0]?.trim() : undefined;
}

/** GET /pulls/{n}: the full shape, with the real diff, commit count and mergeability. */
async function fullPull(ctx: Ctx, pull: Issue): Promise<Record<string, unknown>> {
  const data = pull.pull!;
  const files = await ctx.services.git.diff(pull.repo.gitDir, data.baseSha, data.headSha);
  const commits = (await pullCommits(ctx, pull)).length;
  const body = pullRequest(ctx, pull, files, commits);
  const visibleComments = data.reviewComments.filter((c) => c.review.state !== 'PENDING').length;
  if (pull.state !== 'open') return { ...body, review_comments: visibleComments };
  const clean = (await mergedTree(pull.repo, data.baseSha, data.headSha)) !== undefined;
  return {
    ...body,
    review_comments: visibleComments,
    mergeable: clean,
    rebaseable: clean,
    mergeable_state: !clean ? 'dirty' : data.draft ? 'draft' : 'clean',
  };
}

function sortedPulls(ctx: Ctx, pulls: Issue[]): Issue[] {
  const sort = ctx.query.get('sort') ?? 'created';
  const key = (i: Issue): string | number =>
    sort === 'updated' ? i.updatedAt : sort === 'popularity' ? i.comments.length + (i.pull?.reviewComments.length ?? 0) : i.createdAt;
  const direction = ctx.query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const sign = direction === 'asc' ? 1 : -1;
  return pulls.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.number - b.number) * sign);
}

/** Reviewers named in a request body: existing collaborators other than the author, or GitHub's 422. */
function reviewersIn(ctx: Ctx, pull: Issue): User[] {
  const input = asRecord(ctx.body);
  const logins = Array.isArray(input.reviewers) ? input.reviewers : [];
  const teams = Array.isArray(input.team_reviewers) ? input.team_reviewers : [];
  if (logins.length === 0 && teams.length === 0)
    throw new HttpError(422, 'Invalid request.\n\nNo subschema in "anyOf" matched.\n"reviewers" wasn\'t supplied.');
  const { repo } = pull;
  const notCollaborator = () =>
    new HttpError(
      422,
      `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner.login}/${repo.name} repository.`,
    );
  if (teams.length > 0) throw notCollaborator();
  return logins.map((login) => {
    const user = typeof login === 'string' ? ctx.state.user(login) : undefined;
    if (!user || !ctx.state.canWrite(user, repo)) throw notCollaborator();
    if (user.id === pull.user.id) throw new HttpError(422, 'Review cannot be requested from pull request author.');
    return user;
  });
}

async function createPull(ctx: Ctx): Promise<Issue> {
  const repo = repoOf(ctx);
  const input = asRecord(ctx.body);
  const title = requiredString(input, 'title');
  const head = requiredString(input, 'head');
  const baseRef = requiredString(input, 'base');
  const [headOwner, headRef] = head.includes(':') ? [head.slice(0, head.indexOf(':')), head.slice(head.indexOf(':') + 1)] : [repo.owner.login, head];
  if (headOwner.toLowerCase() !== repo.owner.login.toLowerCase()) throw invalid('head');
  const headSha = await ctx.services.git.resolve(repo.gitDir, `refs/heads/${headRef}`);
  if (!headSha) throw invalid('head');
  const baseSha = await ctx.services.git.resolve(repo.gitDir, `refs/heads/${baseRef}`);
  if (!baseSha) throw invalid('base');
  const { stdout } = await runGit(repo.gitDir, ['rev-list', '--count', `${baseSha}..${headSha}`]);
  if (Number(stdout.trim()) === 0) throw custom(`No commits between ${baseRef} and ${headRef}`);
  const open = [...repo.issues.values()].some((i) => i.state === 'open' && i.pull?.headRef === headRef && i.pull.baseRef === baseRef);
  if (open) throw custom(`A pull request already exists for ${repo.owner.login}:${headRef}.`);
  const now = timestamp();
  const pull: Issue = {
    id: ctx.state.id(),
    repo,
    number: repo.nextNumber++,
    user: ctx.user,
    title,
    body: typeof input.body === 'string' ? input.body : null,
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    comments: [],
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    pull: {
      headRef,
      headSha,
      baseRef,
      baseSha,
      draft: input.draft === true,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      requestedReviewers: [],
      reviews: [],
      reviewComments: [],
      threads: [],
    },
  };
  repo.issues.set(pull.number, pull);
  ctx.state.notify(pull, ctx.user, { text: pull.body ?? '' });
  ctx.state.emit({ type: 'pull_request', pull, actor: ctx.user });
  return pull;
}

/** PUT /pulls/{n}/merge: a real commit on the base branch (two parents for `merge`, one for `squash`). */
async function merge(ctx: Ctx, pull: Issue): Promise<{ sha: string }> {
  const data = pull.pull!;
  const { repo } = pull;
  if (!ctx.state.canWrite(ctx.user, repo)) throw new HttpError(403, 'Must have push access to merge this pull request.');
  if (pull.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
  if (data.draft) throw new HttpError(405, 'Pull Request is still a draft');
  const input = asRecord(ctx.body);
  if (typeof input.sha === 'string' && input.sha !== data.headSha) throw new HttpError(409, 'Head branch was modified. Review and try the merge again.');
  const method = input.merge_method ?? 'merge';
  if (method === 'rebase') throw new HttpError(405, 'Rebase merges are not supported by the sandbox; use merge or squash.');
  if (method !== 'merge' && method !== 'squash') throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'merge_method' }]);
  const baseTip = await ctx.services.git.resolve(repo.gitDir, `refs/heads/${data.baseRef}`);
  const tree = baseTip && (await mergedTree(repo, baseTip, data.headSha));
  if (!baseTip || !tree) throw new HttpError(405, 'Pull Request is not mergeable');
  const commits = await pullCommits(ctx, pull);
  const title =
    typeof input.commit_title === 'string' && input.commit_title
      ? input.commit_title
      : method === 'merge'
        ? `Merge pull request #${pull.number} from ${repo.owner.login}/${data.headRef}`
        : `${pull.title} (#${pull.number})`;
  let message = typeof input.commit_message === 'string' ? input.commit_message : method === 'merge' ? pull.title : '';
  if (method === 'squash' && typeof input.commit_message !== 'string') {
    const subjects = await Promise.all(commits.map(async (c) => (await ctx.services.git.commitInfo(repo.gitDir, c)).message.split('\n')[0]));
    message = subjects.map((s) => `* ${s}`).join('\n');
  }
  const who = signature(ctx.user);
  const parents = method === 'merge' ? ['-p', baseTip, '-p', data.headSha] : ['-p', baseTip];
  const made = await runGit(repo.gitDir, [
    '-c',
    `user.name=${who.name}`,
    '-c',
    `user.email=${who.email}`,
    'commit-tree',
    tree,
    ...parents,
    '-m',
    message ? `${title}\n\n${message}` : title,
  ]);
  const sha = made.stdout.trim();
  if (!made.ok || !(await runGit(repo.gitDir, ['update-ref', `refs/heads/${data.baseRef}`, sha, baseTip])).ok) {
    throw new HttpError(409, 'Base branch was modified. Review and try the merge again.');
  }
  const now = timestamp();
  data.merged = true;
  data.mergedAt = now;
  data.mergedBy = ctx.user;
  data.mergeCommitSha = sha;
  pull.state = 'closed';
  pull.closedAt = now;
  pull.closedBy = ctx.user;
  pull.updatedAt = now;
  ctx.state.emit({ type: 'push', repo, ref: data.baseRef, sha });
  ctx.state.notify(pull, ctx.user);
  ctx.state.emit({ type: 'pull_request', pull, actor: ctx.user });
  // Into the default branch, "Fixes #12" in the description closes issue 12 (closingRefs.ts).
  closeLinkedIssues(ctx.state, pull, ctx.user);
  return { sha };
}

export function registerPullRoutes(router: Router): void {
  registerReviewCommentRoutes(router);

  repoRoute(router, 'GET', '/pulls', (ctx) => {
    const repo = repoOf(ctx);
    const state = ctx.query.get('state') ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'state' }]);
    const head = ctx.query.get('head');
    const base = ctx.query.get('base');
    const pulls = [...repo.issues.values()].filter((i) => {
      if (!i.pull || (state !== 'all' && i.state !== state)) return false;
      if (base && i.pull.baseRef !== base) return false;
      if (!head) return true;
      const [user, ref] = head.includes(':') ? head.split(/:(.*)/s) : [repo.owner.login, head];
      return user?.toLowerCase() === repo.owner.login.toLowerCase() && ref === i.pull.headRef;
    });
    return paginate(ctx, sortedPulls(ctx, pulls), (p) => pullSimple(ctx, p), repoLinkPath(repo, '/pulls'));
  });

  repoRoute(router, 'POST', '/pulls', async (ctx) => {
    const pull = await createPull(ctx);
    const location = `${ctx.api}/repos/${pull.repo.owner.login}/${pull.repo.name}/pulls/${pull.number}`;
    return { status: 201, body: await fullPull(ctx, pull), headers: { location } };
  });

  repoRoute(router, 'GET', '/pulls/:pull_number', async (ctx) => ({ status: 200, body: await fullPull(ctx, pullOf(ctx)) }));

  repoRoute(router, 'GET', '/pulls/:pull_number/files', async (ctx) => {
    const pull = pullOf(ctx);
    const data = pull.pull!;
    const { gitDir } = pull.repo;
    const files = await ctx.services.git.diff(gitDir, data.baseSha, data.headSha);
    const mergeBase = await ctx.services.git.mergeBase(gitDir, data.baseSha, data.headSha);
    const blobs = async (commit: string) =>
      new Map(
        (await runGit(gitDir, ['ls-tree', '-r', commit])).stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(line.indexOf('\t') + 1), line.split(/\s+/)[2] ?? ''] as const),
      );
    const [atHead, atBase] = await Promise.all([blobs(data.headSha), blobs(mergeBase)]);
    const blobSha = (name: string) => atHead.get(name) ?? atBase.get(name) ?? '';
    return paginate(ctx, files.slice(0, 3000), (f) => diffEntry(ctx, pull, f, blobSha(f.filename)), repoLinkPath(pull.repo, `/pulls/${pull.number}/files`));
  });

  repoRoute(router, 'GET', '/pulls/:pull_number/merge', (ctx) => {
    if (!pullOf(ctx).pull!.merged) throw new HttpError(404, 'Not Found');
    return { status: 204 };
  });

  repoRoute(router, 'PUT', '/pulls/:pull_number/merge', async (ctx) => {
    const { sha } = await merge(ctx, pullOf(ctx));
    return { status: 200, body: { sha, merged: true, message: 'Pull Request successfully merged' } };
  });

  repoRoute(router, 'GET', '/pulls/:pull_number/requested_reviewers', (ctx) => {
    const pull = pullOf(ctx);
    return { status: 200, body: { users: pull.pull!.requestedReviewers.map((u) => simpleUser(ctx, u)), teams: [] } };
  });

  repoRoute(router, 'POST', '/pulls/:pull_number/requested_reviewers', (ctx) => {
    const pull = pullOf(ctx);
    if (!ctx.state.canWrite(ctx.user, pull.repo)) throw new HttpError(403, 'Must have push access to request reviews.');
    const data = pull.pull!;
    const added = reviewersIn(ctx, pull).filter((u) => !data.requestedReviewers.some((r) => r.id === u.id));
    data.requestedReviewers.push(...added);
    if (added.length > 0) {
      pull.updatedAt = timestamp();
      ctx.state.notify(pull, ctx.user, { reason: 'review_requested', only: added });
      for (const reviewer of added) ctx.state.emit({ type: 'review_requested', pull, reviewer, actor: ctx.user });
    }
    return { status: 201, body: pullSimple(ctx, pull) };
  });

  repoRoute(router, 'DELETE', '/pulls/:pull_number/requested_reviewers', (ctx) => {
    const pull = pullOf(ctx);
    if (!ctx.state.canWrite(ctx.user, pull.repo)) throw new HttpError(403, 'Must have push access to remove requested reviewers.');
    const input = asRecord(ctx.body);
    const logins = new Set((Array.isArray(input.reviewers) ? input.reviewers : []).map((l) => String(l).toLowerCase()));
    const data = pull.pull!;
    const kept = data.requestedReviewers.filter((u) => !logins.has(u.login.toLowerCase()));
    if (kept.length !== data.requestedReviewers.length) pull.updatedAt = timestamp();
    data.requestedReviewers.splice(0, data.requestedReviewers.length, ...kept);
    return { status: 200, body: pullSimple(ctx, pull) };
  });
}
