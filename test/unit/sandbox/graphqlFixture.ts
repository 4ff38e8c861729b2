// Builds sandbox state directly for the GraphQL tests (the REST write routes are tested on their own).
import { strict as assert } from 'node:assert';
import { diffHunkUpTo, findDiffLine } from '../../sandbox/git';
import { signature } from '../../sandbox/repos';
import type { Sandbox } from '../../sandbox/server';
import { timestamp, type Issue, type IssueComment, type Repo, type Review, type ReviewState, type ReviewThread, type User } from '../../sandbox/state';
import { SAMPLE_MATH } from '../../sandbox/seed';

/**
 * Builds issues, pull requests, reviews and threads directly in the sandbox state (with real git
 * branches behind the pull requests), as the REST write routes would leave them.
 */
export class Fixture {
  constructor(private readonly sandbox: Sandbox) {}

  get repo(): Repo {
    return this.sandbox.state.repo('ada', 'sample')!;
  }

  user(login: string): User {
    return this.sandbox.state.user(login)!;
  }

  private add(author: string, title: string, body: string, pull: Issue['pull']): Issue {
    const { state } = this.sandbox;
    const now = timestamp();
    const repo = this.repo;
    const issue: Issue = {
      id: state.id(),
      repo,
      number: repo.nextNumber++,
      user: this.user(author),
      title,
      body,
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
      pull,
    };
    repo.issues.set(issue.number, issue);
    return issue;
  }

  issue(author: string, title: string, body = ''): Issue {
    return this.add(author, title, body, null);
  }

  /** A pull request from a new branch off main holding one commit with `files`. */
  async pull(author: string, branch: string, files: Record<string, string | null>, title = `Change ${branch}`, body = ''): Promise<Issue> {
    const { git } = this.sandbox;
    const repo = this.repo;
    const baseSha = (await git.resolve(repo.gitDir, 'refs/heads/main'))!;
    const headSha = await git.commit(repo.gitDir, branch, 'refs/heads/main', files, title, signature(this.user(author)));
    return this.add(author, title, body, {
      headRef: branch,
      headSha,
      baseRef: 'main',
      baseSha,
      draft: false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      requestedReviewers: [],
      reviews: [],
      reviewComments: [],
      threads: [],
    });
  }

  review(pull: Issue, login: string, state: ReviewState = 'COMMENTED', body = ''): Review {
    const now = timestamp();
    const review: Review = {
      id: this.sandbox.state.id(),
      pull,
      user: this.user(login),
      body,
      state,
      commitId: pull.pull!.headSha,
      submittedAt: state === 'PENDING' ? null : now,
      createdAt: now,
    };
    pull.pull!.reviews.push(review);
    return review;
  }

  /** A new review thread on `path` (lines of the head version unless side LEFT; no line: a file-level comment). */
  async thread(
    pull: Issue,
    login: string,
    body: string,
    at: { path: string; line?: number; startLine?: number; side?: 'LEFT' | 'RIGHT'; review?: Review },
  ): Promise<ReviewThread> {
    const { state, git } = this.sandbox;
    const p = pull.pull!;
    const review = at.review ?? this.review(pull, login);
    const side = at.side ?? 'RIGHT';
    let diffHunk = '';
    let position: number | null = null;
    if (at.line !== undefined) {
      const file = (await git.diff(pull.repo.gitDir, p.baseSha, p.headSha)).find((f) => f.filename === at.path);
      const hit = file && findDiffLine(file, at.line, side);
      assert.ok(hit, `line ${at.line} of ${at.path} is in the pull request's diff`);
      diffHunk = diffHunkUpTo(hit.hunk, hit.line);
      position = hit.line.position;
    }
    const thread: ReviewThread = { id: state.id(), pull, comments: [], isResolved: false, resolvedBy: null };
    const now = timestamp();
    const line = at.line ?? null;
    const startLine = at.startLine ?? null;
    const comment = {
      id: state.id(),
      pull,
      review,
      thread,
      user: this.user(login),
      body,
      path: at.path,
      commitId: p.headSha,
      originalCommitId: p.headSha,
      diffHunk,
      position,
      originalPosition: position,
      line,
      originalLine: line,
      startLine,
      originalStartLine: startLine,
      side: line === null ? null : side,
      startSide: startLine === null ? null : side,
      subjectType: line === null ? ('file' as const) : ('line' as const),
      inReplyTo: null,
      createdAt: now,
      updatedAt: now,
    };
    thread.comments.push(comment);
    p.reviewComments.push(comment);
    p.threads.push(thread);
    return thread;
  }

  reply(thread: ReviewThread, login: string, body: string): void {
    const root = thread.comments[0];
    const review = this.review(thread.pull, login);
    const now = timestamp();
    const comment = { ...root, id: this.sandbox.state.id(), review, user: this.user(login), body, inReplyTo: root, createdAt: now, updatedAt: now };
    thread.comments.push(comment);
    thread.pull.pull!.reviewComments.push(comment);
  }

  comment(issue: Issue, login: string, body: string): IssueComment {
    const now = timestamp();
    const c: IssueComment = { id: this.sandbox.state.id(), issue, user: this.user(login), body, createdAt: now, updatedAt: now };
    issue.comments.push(c);
    return c;
  }
}

export const MATH = (lines: Record<number, string> = {}, prepend: string[] = []) => {
  const base = [...SAMPLE_MATH];
  for (const [n, text] of Object.entries(lines)) base[Number(n) - 1] = text;
  return `${[...prepend, ...base].join('\n')}\n`;
};
