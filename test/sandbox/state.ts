// The sandbox's in-memory GitHub: users, repositories (backed by real git repos on disk), issues and
// pull requests (one numbering per repository, as on GitHub), comments, reviews, review comments,
// review threads, labels and notification threads. Route handlers read and change it; serializers
// (serialize.ts) turn it into GitHub's JSON shapes.
import { randomBytes } from 'node:crypto';

export interface User {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  token: string;
  readonly createdAt: string;
}

export interface Label {
  readonly id: number;
  name: string;
  color: string;
  description: string | null;
  readonly isDefault: boolean;
}

export interface Repo {
  readonly id: number;
  readonly owner: User;
  readonly name: string;
  readonly description: string | null;
  readonly isPrivate: boolean;
  readonly defaultBranch: string;
  /** Absolute path of the bare git repository. */
  readonly gitDir: string;
  readonly collaborators: Set<string>;
  readonly labels: Label[];
  /** Issues and pull requests by number. */
  readonly issues: Map<number, Issue>;
  nextNumber: number;
  readonly createdAt: string;
  updatedAt: string;
  pushedAt: string;
}

export interface IssueComment {
  readonly id: number;
  readonly issue: Issue;
  readonly user: User;
  body: string;
  readonly createdAt: string;
  updatedAt: string;
}

export type ReviewState = 'PENDING' | 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED';

export interface Review {
  readonly id: number;
  readonly pull: Issue;
  readonly user: User;
  body: string;
  state: ReviewState;
  readonly commitId: string;
  submittedAt: string | null;
  readonly createdAt: string;
}

export type Side = 'LEFT' | 'RIGHT';

export interface ReviewComment {
  readonly id: number;
  readonly pull: Issue;
  readonly review: Review;
  readonly thread: ReviewThread;
  readonly user: User;
  body: string;
  readonly path: string;
  readonly commitId: string;
  readonly originalCommitId: string;
  /** The diff hunk up to and including the commented line (empty for file-level comments). */
  readonly diffHunk: string;
  /** Line in the diff (1-based position below the first @@), null for file-level comments. */
  readonly position: number | null;
  readonly originalPosition: number | null;
  readonly line: number | null;
  readonly originalLine: number | null;
  readonly startLine: number | null;
  readonly originalStartLine: number | null;
  readonly side: Side | null;
  readonly startSide: Side | null;
  readonly subjectType: 'line' | 'file';
  readonly inReplyTo: ReviewComment | null;
  readonly createdAt: string;
  updatedAt: string;
}

export interface ReviewThread {
  readonly id: number;
  readonly pull: Issue;
  readonly comments: ReviewComment[];
  isResolved: boolean;
  resolvedBy: User | null;
}

export interface PullData {
  readonly headRef: string;
  headSha: string;
  readonly baseRef: string;
  baseSha: string;
  readonly draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: User | null;
  mergeCommitSha: string | null;
  readonly requestedReviewers: User[];
  readonly reviews: Review[];
  readonly reviewComments: ReviewComment[];
  readonly threads: ReviewThread[];
}

export interface Issue {
  readonly id: number;
  readonly repo: Repo;
  readonly number: number;
  readonly user: User;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  readonly labels: Label[];
  readonly assignees: User[];
  readonly comments: IssueComment[];
  locked: boolean;
  readonly createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: User | null;
  /** Present when this issue is a pull request. */
  readonly pull: PullData | null;
}

export type NotificationReason = 'assign' | 'author' | 'comment' | 'mention' | 'review_requested' | 'subscribed' | 'team_mention' | 'state_change' | 'manual';

/** A notification thread: one per (user, issue or pull request), as on GitHub. */
export interface NotificationThread {
  readonly id: number;
  readonly user: User;
  readonly issue: Issue;
  reason: NotificationReason;
  unread: boolean;
  updatedAt: string;
  lastReadAt: string | null;
  /** The latest comment that caused the notification, if any. */
  latestComment: { readonly kind: 'issue_comment' | 'review_comment' | 'review'; readonly id: number } | null;
}

/** ISO-8601 without milliseconds, as GitHub writes timestamps. */
export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function newToken(): string {
  return `ghp_${randomBytes(18).toString('hex')}`;
}

export class SandboxState {
  private nextId = 1000;
  readonly users = new Map<string, User>();
  readonly repos = new Map<string, Repo>();
  readonly notifications: NotificationThread[] = [];
  /** Listeners told about every change a route makes (the demo partner, tests). */
  private readonly listeners: ((event: SandboxEvent) => void)[] = [];

  id(): number {
    return this.nextId++;
  }

  addUser(login: string, name = login, token = newToken()): User {
    const user: User = { id: this.id(), login, name, token, createdAt: timestamp() };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  user(login: string): User | undefined {
    return this.users.get(login.toLowerCase());
  }

  userByToken(token: string): User | undefined {
    for (const user of this.users.values()) if (user.token === token) return user;
    return undefined;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoById(id: number): Repo | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  addRepo(repo: Repo): Repo {
    this.repos.set(`${repo.owner.login}/${repo.name}`.toLowerCase(), repo);
    return repo;
  }

  /** Whether a user may see a repository (public, owned, or a collaborator). 404 otherwise, as GitHub does. */
  canRead(user: User, repo: Repo): boolean {
    return !repo.isPrivate || this.canWrite(user, repo);
  }

  canWrite(user: User, repo: Repo): boolean {
    return repo.owner.id === user.id || repo.collaborators.has(user.login.toLowerCase());
  }

  /** Finds any stored object by its numeric id (for GraphQL node ids). */
  allIssues(): Issue[] {
    return [...this.repos.values()].flatMap((r) => [...r.issues.values()]);
  }

  on(listener: (event: SandboxEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  emit(event: SandboxEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /**
   * Records activity on an issue or pull request for the users who follow it, as GitHub's
   * notifications do: never for the actor, `mention` for users @-mentioned in the text,
   * `review_requested` for requested reviewers, otherwise the reason of the user's subscription.
   */
  notify(
    issue: Issue,
    actor: User,
    opts: { text?: string; reason?: NotificationReason; only?: User[]; latestComment?: NotificationThread['latestComment'] } = {},
  ): void {
    const now = timestamp();
    const recipients = new Map<number, { user: User; reason: NotificationReason }>();
    const add = (user: User | undefined, reason: NotificationReason) => {
      if (!user || user.id === actor.id || !this.canRead(user, issue.repo)) return;
      if (!recipients.has(user.id)) recipients.set(user.id, { user, reason });
    };
    if (opts.only) {
      for (const u of opts.only) add(u, opts.reason ?? 'subscribed');
    } else {
      for (const [, login] of (opts.text ?? '').matchAll(/(?:^|[^\w`])@([A-Z0-9][A-Z0-9-]{0,38})/gi)) {
        add(this.user(login ?? ''), 'mention');
      }
      add(issue.user, 'author');
      for (const u of issue.assignees) add(u, 'assign');
      for (const u of issue.pull?.requestedReviewers ?? []) add(u, 'review_requested');
      for (const c of issue.comments) add(c.user, 'comment');
      for (const c of issue.pull?.reviewComments ?? []) add(c.user, 'comment');
      for (const r of issue.pull?.reviews ?? []) add(r.user, 'comment');
      for (const t of this.notifications) if (t.issue === issue) add(t.user, t.reason);
    }
    for (const { user, reason } of recipients.values()) {
      let thread = this.notifications.find((t) => t.user.id === user.id && t.issue === issue);
      if (!thread) {
        thread = { id: this.id(), user, issue, reason, unread: true, updatedAt: now, lastReadAt: null, latestComment: null };
        this.notifications.push(thread);
      }
      if (reason === 'mention' || reason === 'review_requested') thread.reason = reason;
      thread.unread = true;
      thread.updatedAt = now;
      thread.latestComment = opts.latestComment ?? thread.latestComment;
    }
  }
}

export type SandboxEvent =
  | { readonly type: 'issue_comment'; readonly comment: IssueComment; readonly actor: User }
  | { readonly type: 'issue'; readonly issue: Issue; readonly actor: User }
  | { readonly type: 'pull_request'; readonly pull: Issue; readonly actor: User }
  | { readonly type: 'review_comment'; readonly comment: ReviewComment; readonly actor: User }
  | { readonly type: 'review'; readonly review: Review; readonly actor: User }
  | { readonly type: 'review_requested'; readonly pull: Issue; readonly reviewer: User; readonly actor: User }
  | { readonly type: 'labeled'; readonly issue: Issue; readonly actor: User }
  | { readonly type: 'thread_resolved'; readonly thread: ReviewThread; readonly actor: User }
  | { readonly type: 'push'; readonly repo: Repo; readonly ref: string; readonly sha: string };
