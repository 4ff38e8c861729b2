// Answering in an ask's thread from VS Code: a reply to the review thread the ask opened, or a
// comment on its issue or pull request; and a lesson ("I learned X from @partner") posted the same
// way. Like an ask, each carries a hidden marker with a client id, so the outbox can look it up
// before a retry and never post it twice.
import type { GitHubClient } from '../github/client';
import { safeQuestion } from '../asks/compose';
import { appendMarker, scanMarkers } from '../marker';
import type { Ask, AskTarget, Reply } from '../model';
import { lessonBody, type LessonDraft } from '../ledger/lessons';

/** A reply waiting in the outbox: all it needs to be posted, found again, and shown. */
export interface ReplyPlan {
  /** Client id, also in the body's marker. */
  readonly id: string;
  readonly askId: string;
  /** The markdown the user wrote. */
  readonly body: string;
  readonly target: AskTarget;
  /** Review threads: the ask comment's database id (the reply endpoint answers it). Issues: the issue number. */
  readonly parent: number;
  /** A lesson posted in the thread: the body is its visible line and lesson marker, not a reply's. */
  readonly lesson?: LessonDraft;
}

export interface PostedReply {
  /** The reply as the thread shows it. */
  readonly reply: Reply;
  /** An earlier try had landed: nothing was written twice. */
  readonly alreadyPosted: boolean;
}

/** Whether an ask can be answered from here, and if not, why (in words). */
export function replyTargetOf(ask: Ask): { ok: true; parent: number } | { ok: false; reason: string } {
  if (!ask.posted) return { ok: false, reason: 'the ask is still waiting to be sent' };
  switch (ask.target.kind) {
    case 'reviewComment':
    case 'fileComment':
      return { ok: true, parent: ask.posted.databaseId };
    case 'issue':
      return ask.posted.number === undefined ? { ok: false, reason: 'the ask’s issue number is not known yet' } : { ok: true, parent: ask.posted.number };
    case 'pullRequest':
      return { ok: true, parent: ask.target.pull };
  }
}

/** The body written to GitHub: the user's markdown, made safe, with the reply marker last (or a lesson's body). */
export function replyBody(plan: Pick<ReplyPlan, 'id' | 'body' | 'lesson'>): string {
  if (plan.lesson) return lessonBody({ ...plan.lesson, id: plan.id });
  return appendMarker(safeQuestion(plan.body), { v: 1, kind: 'reply', id: plan.id });
}

/** The body carries a reply or lesson marker with this client id. */
export function carriesReply(body: string | null | undefined, id: string): boolean {
  return scanMarkers(body ?? '').markers.some((m) => (m.kind === 'reply' || m.kind === 'lesson') && m.id === id);
}

interface RestComment {
  readonly node_id: string;
  readonly id: number;
  readonly html_url: string;
  readonly body?: string | null;
  readonly body_html?: string | null;
  readonly created_at: string;
  readonly user?: { readonly login: string } | null;
}

function toReply(plan: ReplyPlan, c: RestComment, fallbackAuthor: string): Reply {
  const body = c.body ?? '';
  return {
    nodeId: c.node_id,
    askId: plan.askId,
    author: c.user?.login ?? fallbackAuthor,
    kind: plan.target.kind === 'reviewComment' || plan.target.kind === 'fileComment' ? 'threadReply' : 'issueComment',
    body,
    bodyHTML: c.body_html ?? '',
    createdAt: c.created_at,
    url: c.html_url,
    suggestions: [],
  };
}

const sameLogin = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

/** Looks the reply's client id up where it would be; undefined when it is not there. */
export async function findPostedReply(client: GitHubClient, plan: ReplyPlan, author: string): Promise<Reply | undefined> {
  const { owner, name } = plan.target.repo;
  const mine = (c: RestComment) => carriesReply(c.body, plan.id) && sameLogin(c.user?.login, author);
  if (plan.target.kind === 'reviewComment' || plan.target.kind === 'fileComment') {
    const pages = client.paginate.iterator(client.rest.pulls.listReviewComments, {
      owner,
      repo: name,
      pull_number: plan.target.pull,
      sort: 'created',
      direction: 'desc',
      per_page: 100,
      mediaType: { format: 'full' },
    });
    for await (const { data } of pages) {
      const found = data.find(mine);
      if (found) return toReply(plan, found, author);
    }
    return undefined;
  }
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner,
    repo: name,
    issue_number: plan.parent,
    per_page: 100,
    mediaType: { format: 'full' },
  });
  for await (const { data } of pages) {
    const found = data.find(mine);
    if (found) return toReply(plan, found, author);
  }
  return undefined;
}

/** Posts the reply (with `checkExisting`, first looks for an earlier try and returns that instead). */
export async function postReply(client: GitHubClient, plan: ReplyPlan, options: { checkExisting?: boolean; author: string }): Promise<PostedReply> {
  if (options.checkExisting) {
    const existing = await findPostedReply(client, plan, options.author);
    if (existing) return { reply: existing, alreadyPosted: true };
  }
  const { owner, name } = plan.target.repo;
  const body = replyBody(plan);
  if (plan.target.kind === 'reviewComment' || plan.target.kind === 'fileComment') {
    const { data } = await client.rest.pulls.createReplyForReviewComment({
      owner,
      repo: name,
      pull_number: plan.target.pull,
      comment_id: plan.parent,
      body,
      mediaType: { format: 'full' },
    });
    return { reply: toReply(plan, data, options.author), alreadyPosted: false };
  }
  const { data } = await client.rest.issues.createComment({ owner, repo: name, issue_number: plan.parent, body, mediaType: { format: 'full' } });
  return { reply: toReply(plan, data, options.author), alreadyPosted: false };
}

const RESOLVE = /* GraphQL */ `
  mutation ResolveAskThread($threadId: ID!) {
    resolveReviewThread(input: { threadId: $threadId }) {
      thread {
        id
        isResolved
      }
    }
  }
`;

const UNRESOLVE = /* GraphQL */ `
  mutation UnresolveAskThread($threadId: ID!) {
    unresolveReviewThread(input: { threadId: $threadId }) {
      thread {
        id
        isResolved
      }
    }
  }
`;

interface ResolveResult {
  readonly resolveReviewThread?: { readonly thread: { readonly isResolved: boolean } | null } | null;
  readonly unresolveReviewThread?: { readonly thread: { readonly isResolved: boolean } | null } | null;
}

/** Resolves or unresolves a review thread; returns the state GitHub reports afterwards. */
export async function setThreadResolved(client: GitHubClient, threadId: string, resolved: boolean): Promise<boolean> {
  const data = await client.graphql<ResolveResult>(resolved ? RESOLVE : UNRESOLVE, { threadId });
  const thread = (resolved ? data.resolveReviewThread : data.unresolveReviewThread)?.thread;
  if (!thread || typeof thread.isResolved !== 'boolean') throw new Error('GitHub did not say whether the thread is resolved');
  return thread.isResolved;
}
