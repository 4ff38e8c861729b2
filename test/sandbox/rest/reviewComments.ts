// Pull request review comments: GET/POST /pulls/{n}/comments, replies, and /pulls/comments[/{id}].
// Every review comment belongs to a review and a thread, as on GitHub: a standalone comment is a
// COMMENTED review of its own, a reply joins the thread of the comment it answers, and comments of a
// pending review are seen by their author only (and by nobody in these lists until submitted).
import { asRecord, HttpError, notFound, paginate, validationFailed, type Ctx, type Router } from '../http';
import { reviewComment } from '../serializeIssues';
import { timestamp, type Issue, type Review, type ReviewComment, type ReviewState, type ReviewThread, type User } from '../state';
import {
  commentAnchorError,
  commentCommit,
  commentMalformed,
  diffAt,
  pullOf,
  repoLinkPath,
  repoOf,
  repoRoute,
  resolveAnchor,
  type Anchor,
} from './reviewAnchors';

/** A review is seen by everyone once submitted; a pending one by its author only. */
export function isVisible(review: Review, viewer: User): boolean {
  return review.state !== 'PENDING' || review.user.id === viewer.id;
}

export function pendingReviewOf(pull: Issue, user: User): Review | undefined {
  return pull.pull!.reviews.find((r) => r.state === 'PENDING' && r.user.id === user.id);
}

export function newReview(ctx: Ctx, pull: Issue, state: ReviewState, body: string, commitId: string): Review {
  const now = timestamp();
  const review: Review = { id: ctx.state.id(), pull, user: ctx.user, body, state, commitId, submittedAt: state === 'PENDING' ? null : now, createdAt: now };
  pull.pull!.reviews.push(review);
  return review;
}

export type Placement = { readonly anchor: Anchor; readonly commitId: string } | { readonly parent: ReviewComment };

/** Adds a comment to a review: the first of a new thread at an anchor, or a reply in the parent's thread. */
export function addComment(ctx: Ctx, review: Review, body: string, place: Placement): ReviewComment {
  const pull = review.pull;
  const data = pull.pull!;
  let thread: ReviewThread;
  let fields: Omit<ReviewComment, 'id' | 'pull' | 'review' | 'thread' | 'user' | 'body' | 'createdAt' | 'updatedAt'>;
  if ('parent' in place) {
    thread = place.parent.thread;
    const root = thread.comments[0] ?? place.parent;
    fields = {
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
    };
  } else {
    thread = { id: ctx.state.id(), pull, comments: [], isResolved: false, resolvedBy: null };
    data.threads.push(thread);
    const a = place.anchor;
    fields = {
      path: a.path,
      commitId: place.commitId,
      originalCommitId: place.commitId,
      diffHunk: a.diffHunk,
      position: a.position,
      originalPosition: a.originalPosition,
      line: a.line,
      originalLine: a.line,
      startLine: a.startLine,
      originalStartLine: a.startLine,
      side: a.side,
      startSide: a.startSide,
      subjectType: a.subjectType,
      inReplyTo: null,
    };
  }
  const now = timestamp();
  const comment: ReviewComment = { id: ctx.state.id(), pull, review, thread, user: ctx.user, body, createdAt: now, updatedAt: now, ...fields };
  thread.comments.push(comment);
  data.reviewComments.push(comment);
  return comment;
}

/** Tells followers and listeners about comments that have become visible. */
export function announceComments(ctx: Ctx, pull: Issue, comments: readonly ReviewComment[]): void {
  pull.updatedAt = timestamp();
  for (const comment of comments) {
    ctx.state.notify(pull, ctx.user, { text: comment.body, latestComment: { kind: 'review_comment', id: comment.id } });
    ctx.state.emit({ type: 'review_comment', comment, actor: ctx.user });
  }
}

/** The 422 GitHub answers a new review (a standalone comment is one) while the user has a pending review. */
export function onePendingReview(asFieldError: boolean): HttpError {
  const message = 'User can only have one pending review per pull request';
  return asFieldError
    ? validationFailed([{ resource: 'PullRequestReview', code: 'custom', field: 'user_id', message }])
    : new HttpError(422, 'Unprocessable Entity', { errors: [message] });
}

function requireBody(body: Record<string, unknown>): string {
  if (typeof body.body !== 'string' || body.body === '') throw commentMalformed('body', 'missing_field');
  return body.body;
}

/** The `since`, `sort` and `direction` of GitHub's review comment lists (default: by id, ascending). */
function filterAndSort(ctx: Ctx, comments: ReviewComment[]): ReviewComment[] {
  const since = ctx.query.get('since');
  let list = comments.filter((c) => c.review.state !== 'PENDING');
  if (since) {
    const at = Date.parse(since);
    if (Number.isNaN(at)) throw validationFailed([{ resource: 'PullRequestReviewComment', code: 'invalid', field: 'since' }]);
    list = list.filter((c) => Date.parse(c.updatedAt) >= at);
  }
  const sort = ctx.query.get('sort');
  const key = (c: ReviewComment) => (sort === 'updated' ? c.updatedAt : sort ? c.createdAt : '');
  const dir = sort && ctx.query.get('direction') === 'desc' ? -1 : 1;
  return list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * dir);
}

/** A submitted review comment of the repository by id (pending ones are 404, as on GitHub). */
function commentIn(ctx: Ctx): ReviewComment {
  const repo = repoOf(ctx);
  const id = Number(ctx.params.comment_id);
  for (const issue of repo.issues.values()) {
    const found = issue.pull?.reviewComments.find((c) => c.id === id);
    if (found && found.review.state !== 'PENDING') return found;
  }
  throw notFound();
}

/** A standalone comment or a reply: a COMMENTED review of its own holding the one comment. */
async function createComment(ctx: Ctx, pull: Issue, body: string, parent: ReviewComment | undefined, input: Record<string, unknown>): Promise<ReviewComment> {
  let place: Placement;
  if (parent) {
    place = { parent };
  } else {
    const commitId = await commentCommit(ctx, pull, input.commit_id);
    if (!commitId) throw commentAnchorError([{ attribute: 'commit_id', message: 'is not part of the pull request' }]);
    const anchor = resolveAnchor(await diffAt(ctx, pull, commitId), input, commentMalformed);
    if (Array.isArray(anchor)) throw commentAnchorError(anchor);
    place = { anchor, commitId };
  }
  if (pendingReviewOf(pull, ctx.user)) throw onePendingReview(true);
  const review = newReview(ctx, pull, 'COMMENTED', '', 'parent' in place ? pull.pull!.headSha : place.commitId);
  const comment = addComment(ctx, review, body, place);
  announceComments(ctx, pull, [comment]);
  return comment;
}

export function registerReviewCommentRoutes(router: Router): void {
  // Registered before GET /pulls/{pull_number}, which would otherwise take "comments" for a number.
  repoRoute(router, 'GET', '/pulls/comments', (ctx) => {
    const repo = repoOf(ctx);
    const all = [...repo.issues.values()].flatMap((i) => i.pull?.reviewComments ?? []);
    return paginate(ctx, filterAndSort(ctx, all), (c) => reviewComment(ctx, c), repoLinkPath(repo, '/pulls/comments'));
  });

  repoRoute(router, 'GET', '/pulls/comments/:comment_id', (ctx) => ({ status: 200, body: reviewComment(ctx, commentIn(ctx)) }));

  repoRoute(router, 'PATCH', '/pulls/comments/:comment_id', (ctx) => {
    const comment = commentIn(ctx);
    const body = requireBody(asRecord(ctx.body));
    if (comment.user.id !== ctx.user.id && !ctx.state.canWrite(ctx.user, comment.pull.repo))
      throw new HttpError(403, 'Must have push access to edit this comment.');
    comment.body = body;
    comment.updatedAt = timestamp();
    comment.pull.updatedAt = comment.updatedAt;
    return { status: 200, body: reviewComment(ctx, comment) };
  });

  repoRoute(router, 'DELETE', '/pulls/comments/:comment_id', (ctx) => {
    const comment = commentIn(ctx);
    if (comment.user.id !== ctx.user.id && !ctx.state.canWrite(ctx.user, comment.pull.repo))
      throw new HttpError(403, 'Must have push access to delete this comment.');
    const data = comment.pull.pull!;
    const drop = <T>(list: T[], item: T) => list.splice(list.indexOf(item), 1);
    drop(data.reviewComments, comment);
    drop(comment.thread.comments, comment);
    if (comment.thread.comments.length === 0) drop(data.threads, comment.thread);
    comment.pull.updatedAt = timestamp();
    return { status: 204 };
  });

  repoRoute(router, 'GET', '/pulls/:pull_number/comments', (ctx) => {
    const pull = pullOf(ctx);
    return paginate(
      ctx,
      filterAndSort(ctx, [...pull.pull!.reviewComments]),
      (c) => reviewComment(ctx, c),
      repoLinkPath(pull.repo, `/pulls/${pull.number}/comments`),
    );
  });

  repoRoute(router, 'POST', '/pulls/:pull_number/comments', async (ctx) => {
    const pull = pullOf(ctx);
    const input = asRecord(ctx.body);
    const body = requireBody(input);
    let parent: ReviewComment | undefined;
    if (input.in_reply_to !== undefined && input.in_reply_to !== null) {
      parent = pull.pull!.reviewComments.find((c) => c.id === input.in_reply_to && isVisible(c.review, ctx.user));
      if (!parent) throw validationFailed([{ resource: 'PullRequestReviewComment', code: 'invalid', field: 'in_reply_to' }]);
    }
    return { status: 201, body: reviewComment(ctx, await createComment(ctx, pull, body, parent, input)) };
  });

  repoRoute(router, 'POST', '/pulls/:pull_number/comments/:comment_id/replies', async (ctx) => {
    const pull = pullOf(ctx);
    const parent = pull.pull!.reviewComments.find((c) => c.id === Number(ctx.params.comment_id) && isVisible(c.review, ctx.user));
    if (!parent) throw new HttpError(404, 'Parent comment not found');
    const input = asRecord(ctx.body);
    return { status: 201, body: reviewComment(ctx, await createComment(ctx, pull, requireBody(input), parent, input)) };
  });
}
