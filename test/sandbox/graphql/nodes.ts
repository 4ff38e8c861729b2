// Global node ids: `node(id:)`, `nodes(ids:)` and the ids mutations take. An id decodes (serialize.ts
// parseNodeId) to a type and a database id; what does not exist, or what the viewer may not see,
// is "Could not resolve to a node", never a hint that it exists.
import { parseNodeId } from '../serialize';
import type { Issue, IssueComment, Review, ReviewComment, ReviewThread } from '../state';
import { nodeNotFound, type GitHubGraphqlError } from './errors';
import { issueCommentObject, issueObject, labelObject, repositoryObject, userObject, type Obj } from './objects';
import type { GqlContext } from './resolvers';
import { reviewCommentObject, reviewObject, reviewVisible, threadObject, visibleThreadComments } from './reviewObjects';

/** Issues and pull requests in the repositories the viewer can read. */
function readableIssues(ctx: GqlContext): Issue[] {
  const { state } = ctx.sandbox;
  return [...state.repos.values()].filter((r) => state.canRead(ctx.user, r)).flatMap((r) => [...r.issues.values()]);
}

function pulls(ctx: GqlContext): Issue[] {
  return readableIssues(ctx).filter((i) => i.pull);
}

export function findIssue(ctx: GqlContext, id: number): Issue | undefined {
  // Without building the list: a program's report reads thousands of issues by id (bench/report.ts).
  const { state } = ctx.sandbox;
  for (const repo of state.repos.values()) {
    if (!state.canRead(ctx.user, repo)) continue;
    for (const issue of repo.issues.values()) if (issue.id === id) return issue;
  }
  return undefined;
}

export function findIssueComment(ctx: GqlContext, id: number): IssueComment | undefined {
  for (const issue of readableIssues(ctx)) for (const c of issue.comments) if (c.id === id) return c;
  return undefined;
}

export function findReview(ctx: GqlContext, id: number): Review | undefined {
  for (const issue of pulls(ctx)) for (const r of issue.pull!.reviews) if (r.id === id && reviewVisible(ctx, r)) return r;
  return undefined;
}

export function findReviewComment(ctx: GqlContext, id: number): ReviewComment | undefined {
  for (const issue of pulls(ctx)) for (const c of issue.pull!.reviewComments) if (c.id === id && reviewVisible(ctx, c.review)) return c;
  return undefined;
}

export function findThread(ctx: GqlContext, id: number): ReviewThread | undefined {
  for (const issue of pulls(ctx)) for (const t of issue.pull!.threads) if (t.id === id && visibleThreadComments(ctx, t).length > 0) return t;
  return undefined;
}

/** The GraphQL object a global id names, or the NOT_FOUND error GitHub answers with. */
export function nodeById(ctx: GqlContext, id: string): Obj | GitHubGraphqlError {
  const parsed = parseNodeId(id);
  const { state } = ctx.sandbox;
  let found: Obj | undefined;
  switch (parsed?.type) {
    case 'User': {
      const user = [...state.users.values()].find((u) => u.id === parsed.id);
      found = user && userObject(ctx, user);
      break;
    }
    case 'Repository': {
      const repo = state.repoById(parsed.id);
      found = repo && state.canRead(ctx.user, repo) ? repositoryObject(ctx, repo) : undefined;
      break;
    }
    case 'Issue': {
      // A pull request's conversation is also an Issue (IssueComment.issue); that id resolves to it.
      const issue = findIssue(ctx, parsed.id);
      found = issue && issueObject(ctx, issue, true);
      break;
    }
    case 'PullRequest': {
      const issue = findIssue(ctx, parsed.id);
      found = issue?.pull ? issueObject(ctx, issue) : undefined;
      break;
    }
    case 'IssueComment': {
      const c = findIssueComment(ctx, parsed.id);
      found = c && issueCommentObject(ctx, c);
      break;
    }
    case 'PullRequestReview': {
      const r = findReview(ctx, parsed.id);
      found = r && reviewObject(ctx, r);
      break;
    }
    case 'PullRequestReviewComment': {
      const c = findReviewComment(ctx, parsed.id);
      found = c && reviewCommentObject(ctx, c);
      break;
    }
    case 'PullRequestReviewThread': {
      const t = findThread(ctx, parsed.id);
      found = t && threadObject(ctx, t);
      break;
    }
    case 'Label': {
      for (const repo of state.repos.values()) {
        const label = state.canRead(ctx.user, repo) ? repo.labels.find((l) => l.id === parsed.id) : undefined;
        if (label) found = labelObject(ctx, repo, label);
      }
      break;
    }
    default:
      break;
  }
  return found ?? nodeNotFound(id);
}
