// GraphQL objects for the review side of a pull request: review threads (with isResolved,
// isOutdated and the lines they sit on at the current head, outdated.ts), review comments and
// reviews. A pending review and its comments are visible to their author only, as on GitHub.
import { placement, type Placement } from '../outdated';
import { association } from '../serializeIssues';
import { nodeId } from '../serialize';
import type { Issue, Review, ReviewComment, ReviewThread } from '../state';
import { connection, type PageArgs } from './connection';
import { bodyObject, commitObject, issueObject, issueWeb, repositoryObject, userObject, type Obj } from './objects';
import type { GqlContext } from './resolvers';

export function reviewVisible(ctx: GqlContext, review: Review): boolean {
  return review.state !== 'PENDING' || review.user.id === ctx.user.id;
}

export function visibleThreadComments(ctx: GqlContext, thread: ReviewThread): ReviewComment[] {
  return thread.comments.filter((c) => reviewVisible(ctx, c.review));
}

export function visibleThreads(ctx: GqlContext, pull: Issue): ReviewThread[] {
  return pull.pull!.threads.filter((t) => visibleThreadComments(ctx, t).length > 0);
}

/** Resolving a thread needs write access to the repository, or being the pull request's author. */
export function canResolve(ctx: GqlContext, thread: ReviewThread): boolean {
  return ctx.sandbox.state.canWrite(ctx.user, thread.pull.repo) || thread.pull.user.id === ctx.user.id;
}

/** Commenting needs read access, and write access once the conversation is locked. */
export function canComment(ctx: GqlContext, issue: Issue): boolean {
  const { state } = ctx.sandbox;
  return state.canRead(ctx.user, issue.repo) && (!issue.locked || state.canWrite(ctx.user, issue.repo));
}

/** One placement computation per comment and request (the git diff itself is cached in outdated.ts). */
function placed(comment: ReviewComment): () => Promise<Placement> {
  let p: Promise<Placement> | undefined;
  return () => (p ??= placement(comment));
}

/** The `reviewThreads`, `reviews`, `reviewRequests` and `latestReviews` fields of a pull request. */
export function pullReviewFields(ctx: GqlContext, issue: Issue): Obj {
  const p = issue.pull!;
  const reviews = () => p.reviews.filter((r) => reviewVisible(ctx, r));
  return {
    reviewThreads: (args: PageArgs) => connection('reviewThreads', visibleThreads(ctx, issue), args, (t) => threadObject(ctx, t)),
    reviews: (args: PageArgs & { states?: readonly string[] | null; author?: string | null }) => {
      const list = reviews().filter(
        (r) => (!args.states?.length || args.states.includes(r.state)) && (!args.author || r.user.login.toLowerCase() === args.author.toLowerCase()),
      );
      return connection('reviews', list, args, (r) => reviewObject(ctx, r));
    },
    latestReviews: (args: PageArgs) => {
      const latest = new Map<number, Review>();
      for (const r of reviews()) if (r.state !== 'PENDING') latest.set(r.user.id, r);
      return connection('latestReviews', [...latest.values()], args, (r) => reviewObject(ctx, r));
    },
    reviewRequests: (args: PageArgs) =>
      connection('reviewRequests', p.requestedReviewers, args, (u) => ({
        __typename: 'ReviewRequest',
        asCodeOwner: false,
        requestedReviewer: userObject(ctx, u),
        pullRequest: () => issueObject(ctx, issue),
      })),
  };
}

export function threadObject(ctx: GqlContext, thread: ReviewThread): Obj {
  const root = thread.comments[0];
  const at = placed(root);
  const resolver = canResolve(ctx, thread);
  const file = root.subjectType === 'file';
  return {
    __typename: 'PullRequestReviewThread',
    id: nodeId('PullRequestReviewThread', thread.id),
    isResolved: thread.isResolved,
    isOutdated: async () => (await at()).outdated,
    isCollapsed: async () => thread.isResolved || (await at()).outdated,
    path: root.path,
    line: async () => (file ? null : (await at()).line),
    startLine: async () => (file ? null : (await at()).startLine),
    originalLine: file ? null : root.originalLine,
    originalStartLine: file ? null : root.originalStartLine,
    diffSide: root.side ?? 'RIGHT',
    startDiffSide: root.startLine !== null && !file ? (root.startSide ?? root.side ?? 'RIGHT') : null,
    subjectType: file ? 'FILE' : 'LINE',
    resolvedBy: thread.isResolved && thread.resolvedBy ? userObject(ctx, thread.resolvedBy) : null,
    viewerCanResolve: resolver && !thread.isResolved,
    viewerCanUnresolve: resolver && thread.isResolved,
    viewerCanReply: canComment(ctx, thread.pull),
    pullRequest: () => issueObject(ctx, thread.pull),
    repository: () => repositoryObject(ctx, thread.pull.repo),
    comments: (args: PageArgs & { skip?: number | null }) =>
      connection('comments', visibleThreadComments(ctx, thread).slice(args.skip ?? 0), args, (c) => reviewCommentObject(ctx, c)),
  };
}

export function reviewCommentObject(ctx: GqlContext, c: ReviewComment): Obj {
  const url = `${issueWeb(ctx, c.pull)}#discussion_r${c.id}`;
  const repo = c.pull.repo;
  const at = placed(c);
  const file = c.subjectType === 'file';
  return {
    __typename: 'PullRequestReviewComment',
    id: nodeId('PullRequestReviewComment', c.id),
    databaseId: c.id,
    ...bodyObject(ctx, c.body),
    author: () => userObject(ctx, c.user),
    authorAssociation: association(c.pull, c.user),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    publishedAt: c.review.submittedAt,
    lastEditedAt: c.updatedAt === c.createdAt ? null : c.updatedAt,
    url,
    resourcePath: new URL(url).pathname + new URL(url).hash,
    viewerDidAuthor: c.user.id === ctx.user.id,
    path: c.path,
    line: async () => (file ? null : (await at()).line),
    startLine: async () => (file ? null : (await at()).startLine),
    originalLine: c.originalLine,
    originalStartLine: c.originalStartLine,
    diffHunk: c.diffHunk,
    position: async () => ((await at()).outdated ? null : c.position),
    originalPosition: c.originalPosition ?? 1,
    outdated: async () => (await at()).outdated,
    commit: async () => commitObject(ctx, repo, (await at()).commitId),
    originalCommit: commitObject(ctx, repo, c.originalCommitId),
    replyTo: c.inReplyTo ? () => reviewCommentObject(ctx, c.inReplyTo!) : null,
    pullRequestReview: () => reviewObject(ctx, c.review),
    pullRequest: () => issueObject(ctx, c.pull),
    repository: () => repositoryObject(ctx, repo),
    state: c.review.state === 'PENDING' ? 'PENDING' : 'SUBMITTED',
    subjectType: file ? 'FILE' : 'LINE',
  };
}

export function reviewObject(ctx: GqlContext, r: Review): Obj {
  const url = `${issueWeb(ctx, r.pull)}#pullrequestreview-${r.id}`;
  const repo = r.pull.repo;
  return {
    __typename: 'PullRequestReview',
    id: nodeId('PullRequestReview', r.id),
    databaseId: r.id,
    ...bodyObject(ctx, r.body),
    state: r.state,
    author: () => userObject(ctx, r.user),
    authorAssociation: association(r.pull, r.user),
    authorCanPushToRepository: ctx.sandbox.state.canWrite(r.user, repo),
    createdAt: r.createdAt,
    updatedAt: r.submittedAt ?? r.createdAt,
    submittedAt: r.submittedAt,
    publishedAt: r.submittedAt,
    lastEditedAt: null,
    url,
    resourcePath: new URL(url).pathname + new URL(url).hash,
    viewerDidAuthor: r.user.id === ctx.user.id,
    commit: commitObject(ctx, repo, r.commitId),
    comments: (args: PageArgs) =>
      connection(
        'comments',
        r.pull.pull!.reviewComments.filter((c) => c.review === r),
        args,
        (c) => reviewCommentObject(ctx, c),
      ),
    pullRequest: () => issueObject(ctx, r.pull),
    repository: () => repositoryObject(ctx, repo),
  };
}
