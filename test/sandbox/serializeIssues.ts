// GitHub's JSON shapes for issues, pull requests, comments, reviews, review comments and
// notification threads (OpenAPI: issue, issue-comment, pull-request, pull-request-simple,
// diff-entry, pull-request-review, pull-request-review-comment, thread).
import type { FileDiff } from './git';
import { bodyFields, type Ctx } from './http';
import { fullRepository, label, minimalRepository, nodeId, simpleUser } from './serialize';
import type { Issue, IssueComment, NotificationThread, Review, ReviewComment, User } from './state';

type Json = Record<string, unknown>;

/** GitHub's author_association of a user towards a repository. */
export function association(issue: Issue, user: User): string {
  if (issue.repo.owner.id === user.id) return 'OWNER';
  if (issue.repo.collaborators.has(user.login.toLowerCase())) return 'COLLABORATOR';
  return 'NONE';
}

function repoApi(ctx: Ctx, issue: Issue): string {
  return `${ctx.api}/repos/${issue.repo.owner.login}/${issue.repo.name}`;
}

function repoWeb(ctx: Ctx, issue: Issue): string {
  return `${ctx.web}/${issue.repo.owner.login}/${issue.repo.name}`;
}

function reactions(url: string): Json {
  return { url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

export function issue(ctx: Ctx, i: Issue): Json {
  const url = `${repoApi(ctx, i)}/issues/${i.number}`;
  const web = `${repoWeb(ctx, i)}/${i.pull ? 'pull' : 'issues'}/${i.number}`;
  return {
    id: i.id,
    node_id: nodeId(i.pull ? 'PullRequest' : 'Issue', i.id),
    url,
    repository_url: repoApi(ctx, i),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: web,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    ...bodyFields(ctx, i.body),
    user: simpleUser(ctx, i.user),
    labels: i.labels.map((l) => label(ctx, i.repo, l)),
    assignee: i.assignees[0] ? simpleUser(ctx, i.assignees[0]) : null,
    assignees: i.assignees.map((u) => simpleUser(ctx, u)),
    milestone: null,
    locked: i.locked,
    active_lock_reason: null,
    comments: i.comments.length,
    ...(i.pull
      ? {
          pull_request: {
            url: `${repoApi(ctx, i)}/pulls/${i.number}`,
            html_url: web,
            diff_url: `${web}.diff`,
            patch_url: `${web}.patch`,
            merged_at: i.pull.mergedAt,
          },
        }
      : {}),
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_by: i.closedBy ? simpleUser(ctx, i.closedBy) : null,
    author_association: association(i, i.user),
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
  };
}

export function issueComment(ctx: Ctx, c: IssueComment): Json {
  const url = `${repoApi(ctx, c.issue)}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url,
    html_url: `${repoWeb(ctx, c.issue)}/${c.issue.pull ? 'pull' : 'issues'}/${c.issue.number}#issuecomment-${c.id}`,
    ...bodyFields(ctx, c.body),
    user: simpleUser(ctx, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${repoApi(ctx, c.issue)}/issues/${c.issue.number}`,
    author_association: association(c.issue, c.user),
    performed_via_github_app: null,
    reactions: reactions(url),
  };
}

function branchRef(ctx: Ctx, i: Issue, ref: string, sha: string): Json {
  return { label: `${i.repo.owner.login}:${ref}`, ref, sha, user: simpleUser(ctx, i.repo.owner), repo: fullRepository(ctx, i.repo) };
}

/** `pull-request-simple` (lists); `pullRequest` adds the counts GET /pulls/{n} returns. */
export function pullSimple(ctx: Ctx, i: Issue): Json {
  const p = i.pull!;
  const url = `${repoApi(ctx, i)}/pulls/${i.number}`;
  const web = `${repoWeb(ctx, i)}/pull/${i.number}`;
  const issueUrl = `${repoApi(ctx, i)}/issues/${i.number}`;
  return {
    url,
    id: i.id,
    node_id: nodeId('PullRequest', i.id),
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoApi(ctx, i)}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${repoApi(ctx, i)}/statuses/${p.headSha}`,
    number: i.number,
    state: i.state,
    locked: i.locked,
    title: i.title,
    user: simpleUser(ctx, i.user),
    body: i.body,
    labels: i.labels.map((l) => label(ctx, i.repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    assignee: i.assignees[0] ? simpleUser(ctx, i.assignees[0]) : null,
    assignees: i.assignees.map((u) => simpleUser(ctx, u)),
    requested_reviewers: p.requestedReviewers.map((u) => simpleUser(ctx, u)),
    requested_teams: [],
    head: branchRef(ctx, i, p.headRef, p.headSha),
    base: branchRef(ctx, i, p.baseRef, p.baseSha),
    _links: {
      self: { href: url },
      html: { href: web },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoApi(ctx, i)}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoApi(ctx, i)}/statuses/${p.headSha}` },
    },
    author_association: association(i, i.user),
    auto_merge: null,
    draft: p.draft,
  };
}

export function pullRequest(ctx: Ctx, i: Issue, files: readonly FileDiff[], commits: number): Json {
  const p = i.pull!;
  return {
    ...pullSimple(ctx, i),
    ...bodyFields(ctx, i.body),
    merged: p.merged,
    mergeable: i.state === 'open' ? true : null,
    rebaseable: i.state === 'open' ? true : null,
    mergeable_state: i.state === 'open' ? 'clean' : 'unknown',
    merged_by: p.mergedBy ? simpleUser(ctx, p.mergedBy) : null,
    comments: i.comments.length,
    review_comments: p.reviewComments.length,
    maintainer_can_modify: false,
    commits,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}

export function diffEntry(ctx: Ctx, i: Issue, f: FileDiff, blobSha: string): Json {
  const repoUrl = repoApi(ctx, i);
  const sha = i.pull!.headSha;
  return {
    sha: blobSha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${repoWeb(ctx, i)}/blob/${sha}/${f.filename}`,
    raw_url: `${repoWeb(ctx, i)}/raw/${sha}/${f.filename}`,
    contents_url: `${repoUrl}/contents/${f.filename}?ref=${sha}`,
    ...(f.patch !== null ? { patch: f.patch } : {}),
    ...(f.previousFilename ? { previous_filename: f.previousFilename } : {}),
  };
}

export function review(ctx: Ctx, r: Review): Json {
  const pullUrl = `${repoApi(ctx, r.pull)}/pulls/${r.pull.number}`;
  const web = `${repoWeb(ctx, r.pull)}/pull/${r.pull.number}#pullrequestreview-${r.id}`;
  return {
    id: r.id,
    node_id: nodeId('PullRequestReview', r.id),
    user: simpleUser(ctx, r.user),
    ...bodyFields(ctx, r.body),
    ...(ctx.mediaType === 'raw' ? {} : { body: r.body }),
    state: r.state,
    html_url: web,
    pull_request_url: pullUrl,
    author_association: association(r.pull, r.user),
    _links: { html: { href: web }, pull_request: { href: pullUrl } },
    ...(r.submittedAt ? { submitted_at: r.submittedAt } : {}),
    commit_id: r.commitId,
  };
}

export function reviewComment(ctx: Ctx, c: ReviewComment): Json {
  const api = repoApi(ctx, c.pull);
  const url = `${api}/pulls/comments/${c.id}`;
  const pullUrl = `${api}/pulls/${c.pull.number}`;
  const web = `${repoWeb(ctx, c.pull)}/pull/${c.pull.number}#discussion_r${c.id}`;
  return {
    url,
    pull_request_review_id: c.review.id,
    id: c.id,
    node_id: nodeId('PullRequestReviewComment', c.id),
    diff_hunk: c.diffHunk,
    path: c.path,
    // GitHub sends null for these on file-level and outdated comments, but its OpenAPI description
    // has them non-nullable; leaving them out keeps the contract and reads the same (`?? null`).
    ...(c.position !== null ? { position: c.position } : {}),
    ...(c.originalPosition !== null ? { original_position: c.originalPosition } : {}),
    commit_id: c.commitId,
    original_commit_id: c.originalCommitId,
    ...(c.inReplyTo ? { in_reply_to_id: c.inReplyTo.id } : {}),
    user: simpleUser(ctx, c.user),
    ...bodyFields(ctx, c.body),
    ...(ctx.mediaType === 'raw' ? {} : { body: c.body }),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: web,
    pull_request_url: pullUrl,
    author_association: association(c.pull, c.user),
    _links: { self: { href: url }, html: { href: web }, pull_request: { href: pullUrl } },
    start_line: c.startLine,
    original_start_line: c.originalStartLine,
    start_side: c.startSide,
    ...(c.line !== null ? { line: c.line } : {}),
    ...(c.originalLine !== null ? { original_line: c.originalLine } : {}),
    ...(c.side !== null ? { side: c.side } : {}),
    subject_type: c.subjectType,
    reactions: reactions(url),
  };
}

export function notificationThread(ctx: Ctx, t: NotificationThread): Json {
  const i = t.issue;
  const api = repoApi(ctx, i);
  const latest =
    t.latestComment?.kind === 'issue_comment'
      ? `${api}/issues/comments/${t.latestComment.id}`
      : t.latestComment?.kind === 'review_comment'
        ? `${api}/pulls/comments/${t.latestComment.id}`
        : null;
  const subjectUrl = i.pull ? `${api}/pulls/${i.number}` : `${api}/issues/${i.number}`;
  return {
    id: String(t.id),
    repository: minimalRepository(ctx, i.repo),
    subject: { title: i.title, url: subjectUrl, latest_comment_url: latest ?? subjectUrl, type: i.pull ? 'PullRequest' : 'Issue' },
    reason: t.reason,
    unread: t.unread,
    updated_at: t.updatedAt,
    last_read_at: t.lastReadAt,
    url: `${ctx.api}/notifications/threads/${t.id}`,
    subscription_url: `${ctx.api}/notifications/threads/${t.id}/subscription`,
  };
}
