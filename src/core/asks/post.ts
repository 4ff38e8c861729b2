// Posts a planned ask to GitHub with octokit: the artifact that carries the question first (so a
// crash after it leaves something a retry can find by its marker), then the idempotent extras — the
// review request and the label. A review comment whose lines GitHub refuses (the head moved and they
// are no longer in the diff) is posted on the file instead.
import { isRequestError } from '../github/problem';
import type { GitHubClient } from '../github/client';
import type { AskTarget, PostedRef } from '../model';
import { composeAsk } from './compose';
import { findPostedAsk, reviewThreadOf } from './find';
import type { AskPlan } from './plan';
import { fileLevelFallback } from './route';
import { errorMessage } from '../errors';

export interface PostOptions {
  /** Look the ask's client id up on GitHub first and only finish what is missing (use on every retry). */
  readonly checkExisting?: boolean;
  /** The asker's login, for recognising their earlier try. */
  readonly author?: string;
}

export interface PostResult {
  /** The plan as posted: differs from the one given when a review comment fell back to the file. */
  readonly plan: AskPlan;
  readonly target: AskTarget;
  readonly posted: PostedRef;
  /** The ask was already on GitHub (an earlier try landed); nothing was written twice. */
  readonly alreadyPosted: boolean;
  /** What could not be done but does not undo the ask (e.g. no permission to label), in words. */
  readonly warnings: readonly string[];
}

function errorText(error: unknown): string {
  if (isRequestError(error)) return `${JSON.stringify(error.response?.data ?? '')} ${error.message}`;
  return errorMessage(error);
}

/** GitHub refused a review comment's place: its lines are not in the diff, or its commit left the pull request. */
export function isAnchorRejection(error: unknown): boolean {
  if (!isRequestError(error) || error.status !== 422) return false;
  return /pull_request_review_thread|commit_id|part of the diff|could not be resolved|diff hunk/i.test(errorText(error));
}

async function postReviewComment(client: GitHubClient, plan: AskPlan, body: string, warnings: string[]): Promise<PostedRef> {
  const t = plan.target;
  if ((t.kind !== 'reviewComment' && t.kind !== 'fileComment') || !plan.path || !plan.commitId) throw new Error('a review comment needs a path and a commit');
  const place =
    t.kind === 'fileComment'
      ? { subject_type: 'file' as const }
      : { line: t.line, side: t.side, ...(t.startLine !== undefined ? { start_line: t.startLine, start_side: t.side } : {}) };
  const { data } = await client.rest.pulls.createReviewComment({
    owner: t.repo.owner,
    repo: t.repo.name,
    pull_number: t.pull,
    body,
    commit_id: plan.commitId,
    path: plan.path,
    ...place,
  });
  // The comment is posted; not knowing its thread yet must not make a retry post it again.
  const thread = await reviewThreadOf(client, t.repo, t.pull, data.node_id).catch((error: unknown) => {
    warnings.push(`The review thread of the ask could not be read yet (${errorMessage(error)}); sync will find it.`);
    return undefined;
  });
  return { url: data.html_url, nodeId: data.node_id, databaseId: data.id, ...(thread ? { threadNodeId: thread } : {}) };
}

async function postIssue(client: GitHubClient, plan: AskPlan, warnings: string[]): Promise<PostedRef> {
  const { repo } = plan.target;
  const { title, body } = composeAsk(plan);
  const create = (assignees: string[]) =>
    client.rest.issues.create({ owner: repo.owner, repo: repo.name, title: title ?? 'Question', body, labels: [plan.label], assignees });
  let response;
  try {
    response = await create([plan.partner]);
  } catch (error) {
    // GitHub refuses the whole issue when an assignee cannot be assigned; nothing was created, so ask again without.
    if (!isRequestError(error) || error.status !== 422 || !/assignee/i.test(errorText(error))) throw error;
    response = await create([]);
  }
  const { data } = response;
  // Without push access GitHub creates the issue but silently drops its labels and assignees.
  const where = `${repo.owner}/${repo.name}`;
  if (!(data.assignees ?? []).some((u) => u.login.toLowerCase() === plan.partner.toLowerCase())) {
    warnings.push(`@${plan.partner} cannot be assigned in ${where}; they are mentioned instead.`);
  }
  if (!data.labels.some((l) => (typeof l === 'string' ? l : l.name)?.toLowerCase() === plan.label.toLowerCase())) {
    warnings.push(`The issue could not be labelled "${plan.label}" (no permission to label in ${where}).`);
  }
  return { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: data.number };
}

async function postPullComment(client: GitHubClient, plan: AskPlan): Promise<PostedRef> {
  if (plan.target.kind !== 'pullRequest') throw new Error('not a pull request ask');
  const { repo, pull } = plan.target;
  const { data } = await client.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: pull, body: composeAsk(plan).body });
  return { url: data.html_url, nodeId: data.node_id, databaseId: data.id, number: pull };
}

/** Labels the pull request and requests the partner's review, as far as the asker may; problems become warnings. */
async function finishOnPull(client: GitHubClient, plan: AskPlan, warnings: string[]): Promise<void> {
  const t = plan.target;
  if (t.kind === 'issue') return;
  const { owner, name } = t.repo;
  const wantsReview = t.kind !== 'fileComment' && plan.partner.toLowerCase() !== plan.pullAuthor?.toLowerCase();
  if (wantsReview) {
    try {
      await client.rest.pulls.requestReviewers({ owner, repo: name, pull_number: t.pull, reviewers: [plan.partner] });
    } catch (error) {
      if (!isRequestError(error) || (error.status !== 403 && error.status !== 422)) throw error;
      warnings.push(`Could not request a review from @${plan.partner} on #${t.pull} (${error.message.split('\n')[0] ?? ''}); they are mentioned instead.`);
    }
  }
  try {
    await client.rest.issues.addLabels({ owner, repo: name, issue_number: t.pull, labels: [plan.label] });
  } catch (error) {
    if (!isRequestError(error) || (error.status !== 403 && error.status !== 404)) throw error;
    warnings.push(`Could not label #${t.pull} "${plan.label}" (no permission to label in ${owner}/${name}).`);
  }
}

/** Writes the ask's artifact, falling back from a refused review comment to the file. */
async function write(client: GitHubClient, plan: AskPlan, warnings: string[]): Promise<{ plan: AskPlan; posted: PostedRef }> {
  switch (plan.target.kind) {
    case 'issue':
      return { plan, posted: await postIssue(client, plan, warnings) };
    case 'pullRequest':
      return { plan, posted: await postPullComment(client, plan) };
    case 'fileComment':
      return { plan, posted: await postReviewComment(client, plan, composeAsk(plan).body, warnings) };
    case 'reviewComment':
      try {
        return { plan, posted: await postReviewComment(client, plan, composeAsk(plan).body, warnings) };
      } catch (error) {
        if (!isAnchorRejection(error)) throw error;
        const { data: pull } = await client.rest.pulls.get({ owner: plan.target.repo.owner, repo: plan.target.repo.name, pull_number: plan.target.pull });
        const fallback = fileLevelFallback(plan, pull.head.sha);
        warnings.push(fallback.reason);
        return { plan: fallback, posted: await postReviewComment(client, fallback, composeAsk(fallback).body, warnings) };
      }
  }
}

/** Posts an ask (or, with `checkExisting`, finishes one an earlier try already posted). */
export async function postAsk(client: GitHubClient, plan: AskPlan, options: PostOptions = {}): Promise<PostResult> {
  const warnings: string[] = [];
  const existing = options.checkExisting ? await findPostedAsk(client, plan.target, plan.id, options.author ? { author: options.author } : {}) : undefined;
  const done = existing ? { plan, posted: existing } : await write(client, plan, warnings);
  await finishOnPull(client, done.plan, warnings);
  return { plan: done.plan, target: done.plan.target, posted: done.posted, alreadyPosted: existing !== undefined, warnings };
}
