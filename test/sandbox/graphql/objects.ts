// GraphQL objects for users, repositories, refs, commits, labels, issues, pull requests and issue
// comments, built from the sandbox state. Each field is a plain value or a function `(args, ctx)`
// evaluated only when queried (execute.ts); ids are the same global node ids REST returns.
import { closingPulls } from '../closingRefs';
import { association } from '../serializeIssues';
import { nodeId } from '../serialize';
import type { Issue, IssueComment, Label, Repo, User } from '../state';
import { connection, type PageArgs } from './connection';
import { notFound } from './errors';
import type { GqlContext } from './resolvers';
import { pullReviewFields } from './reviewObjects';

export type Obj = Record<string, unknown>;

export function userObject(ctx: GqlContext, user: User): Obj {
  return {
    __typename: 'User',
    id: nodeId('User', user.id),
    databaseId: user.id,
    login: user.login,
    name: user.name,
    url: `${ctx.web}/${user.login}`,
    avatarUrl: `${ctx.web}/avatars/${user.login}`,
    resourcePath: `/${user.login}`,
    createdAt: user.createdAt,
    isViewer: user.id === ctx.user.id,
  };
}

/** GitHub's plain-text rendering of a body: the rendered HTML without tags. */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/(?:p|li|h[1-6]|pre|blockquote|tr|div|summary)>/g, '\n')
    .split('<')
    .map((part, i) => (i === 0 ? part : part.slice(part.indexOf('>') + 1 || part.length)))
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** `body`, `bodyHTML` (rendered like REST's body_html) and `bodyText`. */
export function bodyObject(ctx: GqlContext, body: string | null): Obj {
  const text = body ?? '';
  let html: string | undefined;
  const rendered = () => (html ??= ctx.services.renderMarkdown(text));
  return { body: text, bodyHTML: rendered, bodyText: () => htmlToText(rendered()) };
}

export function repoWeb(ctx: GqlContext, repo: Repo): string {
  return `${ctx.web}/${repo.owner.login}/${repo.name}`;
}

export function commitObject(ctx: GqlContext, repo: Repo, oid: string): Obj {
  const url = `${repoWeb(ctx, repo)}/commit/${oid}`;
  let info: ReturnType<GqlContext['services']['git']['commitInfo']> | undefined;
  const load = () => (info ??= ctx.services.git.commitInfo(repo.gitDir, oid));
  return {
    __typename: 'Commit',
    oid,
    abbreviatedOid: oid.slice(0, 7),
    url,
    commitUrl: url,
    resourcePath: new URL(url).pathname,
    commitResourcePath: new URL(url).pathname,
    repository: () => repositoryObject(ctx, repo),
    message: async () => (await load()).message,
    messageHeadline: async () => (await load()).message.split('\n')[0] ?? '',
    authoredDate: async () => (await load()).author.date,
    committedDate: async () => (await load()).author.date,
  };
}

/** A branch as a `Ref`, or null when it does not exist (a deleted head branch). */
export async function refObject(ctx: GqlContext, repo: Repo, qualifiedName: string): Promise<Obj | null> {
  const name = qualifiedName.replace(/^refs\/heads\//, '');
  const oid = await ctx.services.git.resolve(repo.gitDir, `refs/heads/${name}`);
  if (!oid) return null;
  return {
    __typename: 'Ref',
    name,
    prefix: 'refs/heads/',
    target: commitObject(ctx, repo, oid),
    repository: () => repositoryObject(ctx, repo),
  };
}

export function labelObject(ctx: GqlContext, repo: Repo, label: Label): Obj {
  const url = `${repoWeb(ctx, repo)}/labels/${encodeURIComponent(label.name)}`;
  return {
    __typename: 'Label',
    id: nodeId('Label', label.id),
    name: label.name,
    color: label.color,
    description: label.description,
    isDefault: label.isDefault,
    url,
    resourcePath: new URL(url).pathname,
    repository: () => repositoryObject(ctx, repo),
  };
}

type IssueOrder = { field: 'CREATED_AT' | 'UPDATED_AT' | 'COMMENTS'; direction: 'ASC' | 'DESC' } | null | undefined;

function ordered(items: Issue[], order: IssueOrder): Issue[] {
  const key = (i: Issue) =>
    order?.field === 'UPDATED_AT' ? Date.parse(i.updatedAt) : order?.field === 'COMMENTS' ? i.comments.length : Date.parse(i.createdAt);
  const sign = order?.direction === 'DESC' ? -1 : 1;
  return items.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

interface IssueListArgs extends PageArgs {
  readonly states?: readonly string[] | null;
  readonly labels?: readonly string[] | null;
  readonly orderBy?: IssueOrder;
  readonly headRefName?: string | null;
  readonly baseRefName?: string | null;
  readonly filterBy?: {
    assignee?: string | null;
    createdBy?: string | null;
    labels?: readonly string[] | null;
    mentioned?: string | null;
    since?: string | null;
    states?: readonly string[] | null;
  } | null;
}

function stateOf(issue: Issue): string {
  return issue.pull?.merged ? 'MERGED' : issue.state.toUpperCase();
}

function matchesList(issue: Issue, args: IssueListArgs): boolean {
  const f = args.filterBy;
  const states = args.states ?? f?.states;
  const labels = args.labels ?? f?.labels;
  const is = (u: User, login: string) => u.login.toLowerCase() === login.toLowerCase();
  if (states?.length && !states.includes(stateOf(issue))) return false;
  if (labels?.length && !issue.labels.some((l) => labels.some((n) => n.toLowerCase() === l.name.toLowerCase()))) return false;
  if (args.headRefName && issue.pull?.headRef !== args.headRefName) return false;
  if (args.baseRefName && issue.pull?.baseRef !== args.baseRefName) return false;
  if (f?.assignee && !(f.assignee === '*' ? issue.assignees.length > 0 : issue.assignees.some((u) => is(u, f.assignee!)))) return false;
  if (f?.createdBy && !is(issue.user, f.createdBy)) return false;
  if (f?.since && Date.parse(issue.updatedAt) < Date.parse(f.since)) return false;
  if (f?.mentioned && !new RegExp(`@${f.mentioned}\\b`, 'i').test([issue.body, ...issue.comments.map((c) => c.body)].join('\n'))) return false;
  return true;
}

export function repositoryObject(ctx: GqlContext, repo: Repo): Obj {
  const { state } = ctx.sandbox;
  const url = repoWeb(ctx, repo);
  const all = () => [...repo.issues.values()];
  const byNumber = (number: number, kind: 'PullRequest' | 'Issue' | 'IssueOrPullRequest') => {
    const issue = repo.issues.get(number);
    if (!issue || (kind === 'PullRequest' && !issue.pull) || (kind === 'Issue' && issue.pull)) throw notFound(kind, `the number of ${number}`);
    return issueObject(ctx, issue);
  };
  return {
    __typename: 'Repository',
    id: nodeId('Repository', repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner.login}/${repo.name}`,
    owner: () => userObject(ctx, repo.owner),
    description: repo.description,
    url,
    resourcePath: new URL(url).pathname,
    sshUrl: `git@127.0.0.1:${repo.owner.login}/${repo.name}.git`,
    isPrivate: repo.isPrivate,
    visibility: repo.isPrivate ? 'PRIVATE' : 'PUBLIC',
    isFork: false,
    isArchived: false,
    isDisabled: false,
    isLocked: false,
    isTemplate: false,
    createdAt: repo.createdAt,
    updatedAt: repo.updatedAt,
    pushedAt: repo.pushedAt,
    viewerPermission: repo.owner.id === ctx.user.id ? 'ADMIN' : state.canWrite(ctx.user, repo) ? 'WRITE' : 'READ',
    defaultBranchRef: () => refObject(ctx, repo, repo.defaultBranch),
    ref: ({ qualifiedName }: { qualifiedName: string }) => refObject(ctx, repo, qualifiedName),
    pullRequest: ({ number }: { number: number }) => byNumber(number, 'PullRequest'),
    issue: ({ number }: { number: number }) => byNumber(number, 'Issue'),
    issueOrPullRequest: ({ number }: { number: number }) => byNumber(number, 'IssueOrPullRequest'),
    pullRequests: (args: IssueListArgs) =>
      connection(
        'pullRequests',
        ordered(
          all().filter((i) => i.pull && matchesList(i, args)),
          args.orderBy,
        ),
        args,
        (i) => issueObject(ctx, i),
      ),
    issues: (args: IssueListArgs) =>
      connection(
        'issues',
        ordered(
          all().filter((i) => !i.pull && matchesList(i, args)),
          args.orderBy,
        ),
        args,
        (i) => issueObject(ctx, i),
      ),
    labels: (args: PageArgs & { query?: string | null }) =>
      connection(
        'labels',
        repo.labels.filter((l) => !args.query || l.name.toLowerCase().includes(args.query.toLowerCase())),
        args,
        (l) => labelObject(ctx, repo, l),
      ),
    label: ({ name }: { name: string }) => {
      const l = repo.labels.find((x) => x.name.toLowerCase() === name.toLowerCase());
      return l ? labelObject(ctx, repo, l) : null;
    },
  };
}

export function issueWeb(ctx: GqlContext, issue: Issue): string {
  return `${repoWeb(ctx, issue.repo)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
}

/** An issue as `Issue`, a pull request as `PullRequest` (or as its `Issue` side with `asIssue`). */
export function issueObject(ctx: GqlContext, issue: Issue, asIssue = false): Obj {
  const repo = issue.repo;
  const url = issueWeb(ctx, issue);
  const type = issue.pull && !asIssue ? 'PullRequest' : 'Issue';
  const common: Obj = {
    __typename: type,
    id: nodeId(type, issue.id),
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    ...bodyObject(ctx, issue.body),
    url,
    permalink: url,
    resourcePath: new URL(url).pathname,
    author: () => userObject(ctx, issue.user),
    authorAssociation: association(issue, issue.user),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closed: issue.state === 'closed',
    closedAt: issue.closedAt,
    locked: issue.locked,
    viewerDidAuthor: issue.user.id === ctx.user.id,
    repository: () => repositoryObject(ctx, repo),
    labels: (args: PageArgs) => connection('labels', issue.labels, args, (l) => labelObject(ctx, repo, l)),
    assignees: (args: PageArgs) => connection('assignees', issue.assignees, args, (u) => userObject(ctx, u)),
    comments: (args: PageArgs & { orderBy?: { direction: 'ASC' | 'DESC' } | null }) => {
      const list = [...issue.comments].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.id - b.id);
      const items = args.orderBy ? (args.orderBy.direction === 'DESC' ? list.reverse() : list) : issue.comments;
      return connection('comments', items, args, (c) => issueCommentObject(ctx, c));
    },
  };
  if (type === 'Issue') {
    return {
      ...common,
      state: issue.state.toUpperCase(),
      stateReason: issue.stateReason?.toUpperCase() ?? null,
      closedByPullRequestsReferences: (args: PageArgs & { includeClosedPrs?: boolean | null }) =>
        connection('closedByPullRequestsReferences', closingPulls(issue, args.includeClosedPrs === true), args, (p) => issueObject(ctx, p)),
    };
  }
  const p = issue.pull!;
  let diff: ReturnType<GqlContext['services']['git']['diff']> | undefined;
  const files = () => (diff ??= ctx.services.git.diff(repo.gitDir, p.baseSha, p.headSha));
  return {
    ...common,
    state: stateOf(issue),
    isDraft: p.draft,
    merged: p.merged,
    mergedAt: p.mergedAt,
    mergedBy: p.mergedBy ? () => userObject(ctx, p.mergedBy!) : null,
    mergeCommit: p.mergeCommitSha ? () => commitObject(ctx, repo, p.mergeCommitSha!) : null,
    headRefName: p.headRef,
    headRefOid: p.headSha,
    baseRefName: p.baseRef,
    baseRefOid: p.baseSha,
    headRef: () => (issue.state === 'open' ? refObject(ctx, repo, p.headRef) : null),
    baseRef: () => refObject(ctx, repo, p.baseRef),
    headRepository: () => repositoryObject(ctx, repo),
    baseRepository: () => repositoryObject(ctx, repo),
    headRepositoryOwner: () => userObject(ctx, repo.owner),
    isCrossRepository: false,
    additions: async () => (await files()).reduce((n, f) => n + f.additions, 0),
    deletions: async () => (await files()).reduce((n, f) => n + f.deletions, 0),
    changedFiles: async () => (await files()).length,
    ...pullReviewFields(ctx, issue),
  };
}

export function issueCommentObject(ctx: GqlContext, c: IssueComment): Obj {
  const url = `${issueWeb(ctx, c.issue)}#issuecomment-${c.id}`;
  return {
    __typename: 'IssueComment',
    id: nodeId('IssueComment', c.id),
    databaseId: c.id,
    ...bodyObject(ctx, c.body),
    author: () => userObject(ctx, c.user),
    authorAssociation: association(c.issue, c.user),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    publishedAt: c.createdAt,
    lastEditedAt: c.updatedAt === c.createdAt ? null : c.updatedAt,
    url,
    resourcePath: new URL(url).pathname + new URL(url).hash,
    viewerDidAuthor: c.user.id === ctx.user.id,
    issue: () => issueObject(ctx, c.issue, true),
    pullRequest: () => (c.issue.pull ? issueObject(ctx, c.issue) : null),
    repository: () => repositoryObject(ctx, c.issue.repo),
  };
}
