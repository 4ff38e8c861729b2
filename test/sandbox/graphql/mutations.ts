// The GraphQL mutations Mutual Mentor uses. They change the state as the REST routes do: new objects
// take ids from state.id(), a pull request's reviews, review comments and threads stay consistent,
// followers are notified (state.notify) and listeners told (state.emit). Only users who can read
// the repository may act; resolving a thread also needs write access or being the pull request's author.
import { parseNodeId } from '../serialize';
import { timestamp, type Issue, type IssueComment, type Review, type ReviewComment, type ReviewThread } from '../state';
import { cursorFor } from './connection';
import { forbidden, nodeNotFound, unprocessable } from './errors';
import { findIssue, findReview, findThread } from './nodes';
import { issueCommentObject, issueObject, type Obj } from './objects';
import type { GqlContext } from './resolvers';
import { canComment, canResolve, reviewCommentObject, threadObject } from './reviewObjects';

function idOf(id: string, type: string): number | undefined {
  const parsed = parseNodeId(id);
  return parsed?.type === type ? parsed.id : undefined;
}

function threadById(ctx: GqlContext, id: string): ReviewThread {
  const n = idOf(id, 'PullRequestReviewThread');
  const thread = n === undefined ? undefined : findThread(ctx, n);
  if (!thread) throw nodeNotFound(id);
  return thread;
}

function requireBody(body: string): void {
  if (body.trim().length === 0) throw unprocessable("Body can't be blank");
}

function requireCommentable(ctx: GqlContext, issue: Issue): void {
  if (!canComment(ctx, issue)) throw unprocessable(`Unable to create comment because ${issue.pull ? 'pull request' : 'issue'} is locked.`);
}

interface Input {
  readonly clientMutationId?: string | null;
}

function setResolved(ctx: GqlContext, input: Input & { threadId: string }, resolved: boolean): Obj {
  const thread = threadById(ctx, input.threadId);
  if (!canResolve(ctx, thread)) throw forbidden(ctx.user.login, resolved ? 'ResolveReviewThread' : 'UnresolveReviewThread');
  if (thread.isResolved !== resolved) {
    const { state } = ctx.sandbox;
    thread.isResolved = resolved;
    thread.resolvedBy = resolved ? ctx.user : null;
    thread.pull.updatedAt = timestamp();
    state.notify(thread.pull, ctx.user);
    if (resolved) state.emit({ type: 'thread_resolved', thread, actor: ctx.user });
  }
  return { clientMutationId: input.clientMutationId ?? null, thread: threadObject(ctx, thread) };
}

function reply(ctx: GqlContext, input: Input & { pullRequestReviewThreadId: string; pullRequestReviewId?: string | null; body: string }): Obj {
  const { state } = ctx.sandbox;
  const thread = threadById(ctx, input.pullRequestReviewThreadId);
  const pull = thread.pull;
  const p = pull.pull!;
  requireCommentable(ctx, pull);
  requireBody(input.body);
  const now = timestamp();
  let review: Review;
  if (input.pullRequestReviewId) {
    // Adding to the viewer's own pending review: the reply stays invisible to others until it is submitted.
    const n = idOf(input.pullRequestReviewId, 'PullRequestReview');
    const pending = n === undefined ? undefined : findReview(ctx, n);
    if (!pending || pending.pull !== pull || pending.user.id !== ctx.user.id || pending.state !== 'PENDING') throw nodeNotFound(input.pullRequestReviewId);
    review = pending;
  } else {
    // A reply on its own is a one-comment review, submitted at once (as GitHub records it).
    review = { id: state.id(), pull, user: ctx.user, body: '', state: 'COMMENTED', commitId: p.headSha, submittedAt: now, createdAt: now };
    p.reviews.push(review);
  }
  const root = thread.comments[0];
  const comment: ReviewComment = {
    id: state.id(),
    pull,
    review,
    thread,
    user: ctx.user,
    body: input.body,
    path: root.path,
    commitId: root.commitId,
    originalCommitId: root.originalCommitId,
    diffHunk: root.diffHunk,
    position: root.position,
    originalPosition: root.originalPosition,
    line: root.line,
    originalLine: root.originalLine,
    startLine: root.startLine,
    originalStartLine: root.originalStartLine,
    side: root.side,
    startSide: root.startSide,
    subjectType: root.subjectType,
    inReplyTo: root,
    createdAt: now,
    updatedAt: now,
  };
  p.reviewComments.push(comment);
  thread.comments.push(comment);
  if (review.state !== 'PENDING') {
    pull.updatedAt = now;
    state.notify(pull, ctx.user, { text: input.body, latestComment: { kind: 'review_comment', id: comment.id } });
    state.emit({ type: 'review_comment', comment, actor: ctx.user });
  }
  return { clientMutationId: input.clientMutationId ?? null, comment: reviewCommentObject(ctx, comment) };
}

function addComment(ctx: GqlContext, input: Input & { subjectId: string; body: string }): Obj {
  const { state } = ctx.sandbox;
  const parsed = parseNodeId(input.subjectId);
  const issue = parsed && (parsed.type === 'Issue' || parsed.type === 'PullRequest') ? findIssue(ctx, parsed.id) : undefined;
  if (!issue || (parsed?.type === 'PullRequest' && !issue.pull)) throw nodeNotFound(input.subjectId);
  requireCommentable(ctx, issue);
  requireBody(input.body);
  const now = timestamp();
  const comment: IssueComment = { id: state.id(), issue, user: ctx.user, body: input.body, createdAt: now, updatedAt: now };
  issue.comments.push(comment);
  issue.updatedAt = now;
  state.notify(issue, ctx.user, { text: input.body, latestComment: { kind: 'issue_comment', id: comment.id } });
  state.emit({ type: 'issue_comment', comment, actor: ctx.user });
  return {
    clientMutationId: input.clientMutationId ?? null,
    commentEdge: { cursor: cursorFor(issue.comments.length - 1), node: issueCommentObject(ctx, comment) },
    subject: issueObject(ctx, issue, parsed?.type === 'Issue'),
  };
}

/** Mutation root fields (graphql-js runs them one after another, as GitHub does). */
export function mutationResolvers(ctx: GqlContext): Obj {
  type With<T> = { input: T & Input };
  return {
    resolveReviewThread: ({ input }: With<{ threadId: string }>) => setResolved(ctx, input, true),
    unresolveReviewThread: ({ input }: With<{ threadId: string }>) => setResolved(ctx, input, false),
    addPullRequestReviewThreadReply: ({ input }: With<{ pullRequestReviewThreadId: string; pullRequestReviewId?: string | null; body: string }>) =>
      reply(ctx, input),
    addComment: ({ input }: With<{ subjectId: string; body: string }>) => addComment(ctx, input),
  };
}
