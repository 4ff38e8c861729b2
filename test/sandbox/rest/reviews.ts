// Pull request reviews: list, create (with comments, all or nothing), get, submit a pending review,
// and a review's comments. A review created without an event is PENDING and seen by its author only;
// submitting it makes it and its comments visible, notifies followers and emits the events.
import { asRecord, HttpError, notFound, paginate, type Ctx, type Router } from '../http';
import { review as serializeReview, reviewComment } from '../serializeIssues';
import { timestamp, type Issue, type Review, type ReviewState } from '../state';
import { addComment, isVisible, newReview, onePendingReview, pendingReviewOf, type Placement } from './reviewComments';
import { commentCommit, diffAt, pullOf, repoLinkPath, repoRoute, resolveAnchor, reviewAnchorError, reviewMalformed, type AnchorProblem } from './reviewAnchors';

const EVENTS: Readonly<Record<string, ReviewState>> = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' };

const unprocessable = (...errors: string[]) => new HttpError(422, 'Unprocessable Entity', { errors });

/** The state an `event` asks for, refusing what GitHub refuses (approving your own pull request, an empty verdict). */
function verdict(ctx: Ctx, pull: Issue, event: unknown, body: string, hasComments: boolean): ReviewState {
  if (event === undefined || event === null) throw reviewMalformed('event', 'missing_field');
  if (typeof event !== 'string' || !EVENTS[event]) throw reviewMalformed('event', 'invalid');
  const state = EVENTS[event];
  if (pull.user.id === ctx.user.id && state === 'APPROVED') throw unprocessable('Review Can not approve your own pull request');
  if (pull.user.id === ctx.user.id && state === 'CHANGES_REQUESTED') throw unprocessable('Review Can not request changes on your own pull request');
  if (state !== 'APPROVED' && body.trim() === '' && !hasComments) throw unprocessable("Body can't be blank");
  return state;
}

/** A review became visible: the author is no longer a requested reviewer, followers hear of it, listeners get the events. */
function announceReview(ctx: Ctx, review: Review): void {
  const pull = review.pull;
  const data = pull.pull!;
  const requested = data.requestedReviewers.findIndex((u) => u.id === review.user.id);
  if (requested >= 0) data.requestedReviewers.splice(requested, 1);
  const comments = data.reviewComments.filter((c) => c.review === review);
  pull.updatedAt = timestamp();
  ctx.state.notify(pull, ctx.user, { text: [review.body, ...comments.map((c) => c.body)].join('\n'), latestComment: { kind: 'review', id: review.id } });
  ctx.state.emit({ type: 'review', review, actor: ctx.user });
  for (const comment of comments) ctx.state.emit({ type: 'review_comment', comment, actor: ctx.user });
}

function reviewOf(ctx: Ctx, pull: Issue): Review {
  const review = pull.pull!.reviews.find((r) => r.id === Number(ctx.params.review_id));
  if (!review || !isVisible(review, ctx.user)) throw notFound();
  return review;
}

/** Places every comment of a new review on the diff; any misplaced one fails the whole review. */
async function placeComments(ctx: Ctx, pull: Issue, commitId: string, comments: unknown): Promise<{ body: string; place: Placement }[]> {
  if (comments === undefined || comments === null) return [];
  if (!Array.isArray(comments)) throw reviewMalformed('comments', 'invalid');
  if (comments.length === 0) return [];
  const files = await diffAt(ctx, pull, commitId);
  const problems: AnchorProblem[] = [];
  const placed: { body: string; place: Placement }[] = [];
  for (const raw of comments) {
    const input = asRecord(raw);
    if (typeof input.body !== 'string' || input.body === '') throw reviewMalformed('body', 'missing_field');
    const anchor = resolveAnchor(files, input, reviewMalformed);
    if (Array.isArray(anchor)) problems.push(...anchor);
    else placed.push({ body: input.body, place: { anchor, commitId } });
  }
  if (problems.length > 0) throw reviewAnchorError(problems);
  return placed;
}

export function registerReviewRoutes(router: Router): void {
  repoRoute(router, 'GET', '/pulls/:pull_number/reviews', (ctx) => {
    const pull = pullOf(ctx);
    const visible = pull.pull!.reviews.filter((r) => isVisible(r, ctx.user));
    return paginate(ctx, visible, (r) => serializeReview(ctx, r), repoLinkPath(pull.repo, `/pulls/${pull.number}/reviews`));
  });

  repoRoute(router, 'POST', '/pulls/:pull_number/reviews', async (ctx) => {
    const pull = pullOf(ctx);
    const input = asRecord(ctx.body);
    const body = typeof input.body === 'string' ? input.body : '';
    const hasComments = Array.isArray(input.comments) && input.comments.length > 0;
    const state = input.event === undefined || input.event === null || input.event === '' ? 'PENDING' : verdict(ctx, pull, input.event, body, hasComments);
    if (pendingReviewOf(pull, ctx.user)) throw onePendingReview(false);
    const commitId = await commentCommit(ctx, pull, input.commit_id);
    if (!commitId) throw reviewAnchorError([{ attribute: 'commit_id', message: 'is not part of the pull request' }]);
    const placed = await placeComments(ctx, pull, commitId, input.comments);
    const review = newReview(ctx, pull, state, body, commitId);
    for (const { body: text, place } of placed) addComment(ctx, review, text, place);
    if (state !== 'PENDING') announceReview(ctx, review);
    return { status: 200, body: serializeReview(ctx, review) };
  });

  repoRoute(router, 'GET', '/pulls/:pull_number/reviews/:review_id', (ctx) => ({ status: 200, body: serializeReview(ctx, reviewOf(ctx, pullOf(ctx))) }));

  repoRoute(router, 'POST', '/pulls/:pull_number/reviews/:review_id/events', (ctx) => {
    const pull = pullOf(ctx);
    const review = reviewOf(ctx, pull);
    if (review.state !== 'PENDING') throw unprocessable('Can not submit a non-pending review');
    const input = asRecord(ctx.body);
    const body = typeof input.body === 'string' && input.body !== '' ? input.body : review.body;
    const hasComments = pull.pull!.reviewComments.some((c) => c.review === review);
    review.state = verdict(ctx, pull, input.event, body, hasComments);
    review.body = body;
    review.submittedAt = timestamp();
    announceReview(ctx, review);
    return { status: 200, body: serializeReview(ctx, review) };
  });

  repoRoute(router, 'DELETE', '/pulls/:pull_number/reviews/:review_id', (ctx) => {
    const pull = pullOf(ctx);
    const review = reviewOf(ctx, pull);
    if (review.state !== 'PENDING') throw unprocessable('Can not delete a non-pending pull request review');
    const data = pull.pull!;
    for (const comment of data.reviewComments.filter((c) => c.review === review)) {
      data.reviewComments.splice(data.reviewComments.indexOf(comment), 1);
      comment.thread.comments.splice(comment.thread.comments.indexOf(comment), 1);
      if (comment.thread.comments.length === 0) data.threads.splice(data.threads.indexOf(comment.thread), 1);
    }
    data.reviews.splice(data.reviews.indexOf(review), 1);
    return { status: 200, body: serializeReview(ctx, review) };
  });

  repoRoute(router, 'GET', '/pulls/:pull_number/reviews/:review_id/comments', (ctx) => {
    const pull = pullOf(ctx);
    const review = reviewOf(ctx, pull);
    const comments = pull.pull!.reviewComments.filter((c) => c.review === review);
    // This list uses GitHub's older review-comment shape, where `position` is always present (null when outdated).
    return paginate(
      ctx,
      comments,
      (c) => ({ position: null, ...reviewComment(ctx, c) }),
      repoLinkPath(pull.repo, `/pulls/${pull.number}/reviews/${review.id}/comments`),
    );
  });
}
