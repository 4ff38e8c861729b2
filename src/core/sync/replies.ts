// Turns the nodes the batched query returned into what a tracked ask shows: the partner's replies
// (thread replies, reviews, comments after the ask) with GitHub's rendered HTML and the raw body,
// ```suggestion blocks, and the review thread's resolved/outdated state. Data of the wrong shape
// is skipped with a warning, never thrown on.
import { MAX_BODY_SCAN } from '../marker';
import type { Ask, AskThreadState, Reply } from '../model';
import { authorLogin, connectionNodes, int, record, sameLogin, text, time, type Json } from './json';

export interface AskUpdate {
  readonly askId: string;
  /** The partner's replies, oldest first. */
  readonly replies: readonly Reply[];
  /** The review thread was resolved (false for issue and whole-PR asks). */
  readonly resolved: boolean;
  /** The lines the thread sits on changed since (false for issue and whole-PR asks). */
  readonly outdated: boolean;
  /** For review threads: where the thread sits at the pull request's head now (null when outdated). */
  readonly path?: string;
  readonly line?: number | null;
  readonly startLine?: number | null;
  /**
   * Replies only (read from a watched REST list, watcher.ts): the thread's state was not read, so
   * `resolved`, `outdated` and where it sits say nothing and are not recorded.
   */
  readonly repliesOnly?: true;
}

export type Warn = (message: string) => void;

/** A line opening a ```suggestion block: its fence is group 1. One line at a time: no backtracking across lines. */
const SUGGESTION_OPENER = /^[ \t]*(`{3,}|~{3,})[ \t]*suggestion\b/;

/**
 * The contents of the ```suggestion blocks of a markdown body, in order ('' for a deletion). A
 * block ends at the first line holding exactly its fence; an opener that is never closed is not a
 * block, and a later opener inside it may be. Linear in the body: each fence's closing lines are
 * visited once (SECURITY.md).
 */
export function extractSuggestions(body: string): string[] {
  const lines = body.slice(0, MAX_BODY_SCAN).replace(/\r\n?/g, '\n').split('\n');
  const closers = new Map<string, number[]>();
  lines.forEach((line, n) => {
    const fence = line.trim();
    if (fence.length >= 3 && (/^`+$/.test(fence) || /^~+$/.test(fence))) {
      const list = closers.get(fence) ?? [];
      list.push(n);
      closers.set(fence, list);
    }
  });
  const seen = new Map<string, number>(); // how far each fence's closer list has been read
  const out: string[] = [];
  for (let n = 0; n < lines.length - 1; n++) {
    const fence = SUGGESTION_OPENER.exec(lines[n] ?? '')?.[1];
    if (!fence) continue;
    const list = closers.get(fence) ?? [];
    let k = seen.get(fence) ?? 0;
    while (k < list.length && (list[k] ?? 0) <= n) k++;
    seen.set(fence, k);
    const close = list[k];
    if (close === undefined) continue;
    out.push(lines.slice(n + 1, close).join('\n'));
    n = close;
  }
  return out;
}

export interface ParsedComment {
  readonly reply: Reply;
  readonly databaseId?: number;
  /** For review comments: the comment this one answers (null for a thread's first comment). */
  readonly replyTo?: string | null;
  readonly path?: string;
  readonly line?: number | null;
  readonly startLine?: number | null;
  /** For a review comment opening a thread on a pull request: its diff hunk and where it was written (hunkAnchor.ts). */
  readonly original?: { readonly diffHunk: string; readonly commit: string; readonly line: number; readonly startLine?: number };
}

/** A comment or review as a Reply; undefined (with a warning) when a required field is missing. */
export function parseComment(raw: unknown, askId: string, kind: Reply['kind'], warn: Warn, timeField = 'createdAt'): ParsedComment | undefined {
  const c = record(raw);
  const nodeId = text(c?.id);
  const author = c ? authorLogin(c.author) : undefined;
  const body = text(c?.body);
  const createdAt = time(c?.[timeField]);
  const url = text(c?.url);
  if (!c || !nodeId || !author || body === undefined || !createdAt || url === undefined) {
    warn(`skipped a ${kind} of ask ${askId}: ${describeMissing(c, { id: nodeId, author, body, [timeField]: createdAt, url })}`);
    return undefined;
  }
  const bodyHTML = text(c.bodyHTML) ?? '';
  const reply: Reply = { nodeId, askId, author, kind, body, bodyHTML, createdAt, url, suggestions: extractSuggestions(body) };
  const replyTo = c.replyTo === null ? null : text(record(c.replyTo)?.id);
  return {
    reply,
    ...(int(c.databaseId) !== undefined ? { databaseId: int(c.databaseId) } : {}),
    ...(replyTo !== undefined ? { replyTo } : {}),
    ...(text(c.path) !== undefined ? { path: text(c.path) } : {}),
    ...('line' in c ? { line: int(c.line) ?? null } : {}),
    ...('startLine' in c ? { startLine: int(c.startLine) ?? null } : {}),
    ...originalOf(c),
  };
}

/** A review comment's diff hunk, commit and lines as written (before later pushes moved it), when GitHub sent them. */
function originalOf(c: Json): { original?: NonNullable<ParsedComment['original']> } {
  const diffHunk = text(c.diffHunk);
  const commit = text(record(c.originalCommit)?.oid);
  const line = int(c.originalLine);
  const startLine = int(c.originalStartLine);
  if (diffHunk === undefined || !commit || line === undefined) return {};
  return { original: { diffHunk, commit, line, ...(startLine !== undefined ? { startLine } : {}) } };
}

function describeMissing(c: Json | undefined, fields: Record<string, unknown>): string {
  if (!c) return 'not an object';
  const missing = Object.entries(fields)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  return `missing or malformed ${missing.join(', ')}`;
}

/** The parsed comments of a connection; a connection that is not a list is one warning. */
export function parseComments(connection: unknown, askId: string, kind: Reply['kind'], warn: Warn): ParsedComment[] {
  const nodes = connectionNodes(connection);
  if (!nodes) {
    if (connection !== undefined) warn(`skipped the comments of ask ${askId}: not a connection`);
    return [];
  }
  return nodes.flatMap((n) => parseComment(n, askId, kind, warn) ?? []);
}

const notBefore = (at: string) => (r: Reply) => Date.parse(r.createdAt) >= Date.parse(at);
const byTime = (a: Reply, b: Reply) => Date.parse(a.createdAt) - Date.parse(b.createdAt);

function unique(replies: Reply[]): Reply[] {
  const seen = new Set<string>();
  return replies.filter((r) => !seen.has(r.nodeId) && seen.add(r.nodeId)).sort(byTime);
}

/** A review thread: the partner's comments in it other than the ask itself. */
function threadUpdate(ask: Ask, node: Json, warn: Warn, me?: string): AskUpdate {
  const comments = parseComments(node.comments, ask.id, 'threadReply', warn);
  const replies = comments.map((c) => c.reply).filter((r) => r.nodeId !== ask.posted?.nodeId && (sameLogin(r.author, ask.partner) || sameLogin(r.author, me)));
  return {
    askId: ask.id,
    replies: unique(replies),
    resolved: node.isResolved === true,
    outdated: node.isOutdated === true,
    ...(text(node.path) !== undefined ? { path: text(node.path) } : {}),
    line: int(node.line) ?? null,
    startLine: int(node.startLine) ?? null,
  };
}

/**
 * An issue, or a pull request's conversation: the partner's comments after the ask (the comment
 * carrying it when the ask is a comment, else the issue or pull request itself), and on a pull
 * request their submitted reviews (a review with words or a verdict, and its new inline comments).
 */
function conversationUpdate(ask: Ask, node: Json, warn: Warn, anchorAt?: string, me?: string): AskUpdate {
  const comments = parseComments(node.comments, ask.id, 'issueComment', warn);
  // The ask is a comment when its URL points at one (a whole-PR ask, or an ask in an issue's thread).
  const posted = ask.posted;
  const own =
    posted && /#issuecomment-\d+$/.test(posted.url) ? comments.find((c) => c.databaseId === posted.databaseId || c.reply.url === posted.url) : undefined;
  const since = own?.reply.createdAt ?? anchorAt ?? time(node.createdAt) ?? ask.createdAt;
  const after = notBefore(since);
  const byPartner = (r: Reply) => sameLogin(r.author, ask.partner) && r.nodeId !== own?.reply.nodeId;
  // GitHub lists comments oldest first: those after the ask's own comment are after it, even within
  // the same second (timestamps have whole seconds).
  const later = own ? comments.slice(comments.indexOf(own) + 1) : comments.filter((c) => after(c.reply));
  // Your own comments after the ask are part of the conversation too (answers to the answers).
  const replies = later.map((c) => c.reply).filter((r) => byPartner(r) || (sameLogin(r.author, me) && r.nodeId !== own?.reply.nodeId));
  const reviews = connectionNodes(node.reviews) ?? [];
  if (node.reviews !== undefined && !connectionNodes(node.reviews)) warn(`skipped the reviews of ask ${ask.id}: not a connection`);
  for (const raw of reviews) {
    const review = parseComment(raw, ask.id, 'review', warn, 'submittedAt');
    const r = record(raw);
    if (!review || !r) continue; // a pending review has no submittedAt: skipped (it is its author's only)
    if (!byPartner(review.reply) || !after(review.reply)) continue;
    const verdict = r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED';
    if (review.reply.body.trim() !== '' || verdict) replies.push(review.reply);
    const inline = parseComments(r.comments, ask.id, 'threadReply', warn).filter((c) => c.replyTo === null || c.replyTo === undefined);
    replies.push(...inline.map((c) => c.reply).filter((x) => byPartner(x) && after(x)));
  }
  return { askId: ask.id, replies: unique(replies), resolved: false, outdated: false };
}

/**
 * What one fetched node says about a tracked ask. `anchorAt` is when a whole-PR ask was asked, if
 * known from its comment. Undefined (with a warning) when the node is missing or of another type.
 */
export function askUpdate(ask: Ask, raw: unknown, warn: Warn, anchorAt?: string, me?: string): AskUpdate | undefined {
  const node = record(raw);
  if (!node) {
    warn(`ask ${ask.id}: GitHub returned no data for it (deleted, or no longer visible to you)`);
    return undefined;
  }
  const type = text(node.__typename);
  const expected = ask.target.kind === 'issue' ? ['Issue'] : ask.target.kind === 'pullRequest' ? ['PullRequest'] : ['PullRequestReviewThread'];
  if (!type || !expected.includes(type)) {
    warn(`ask ${ask.id}: expected ${expected.join(' or ')} from GitHub, got ${type ?? 'no type'}`);
    return undefined;
  }
  return type === 'PullRequestReviewThread' ? threadUpdate(ask, node, warn, me) : conversationUpdate(ask, node, warn, anchorAt, me);
}

/**
 * The ask with the thread state an update brought, or undefined when there is nothing to record:
 * not a review-comment ask, an update of replies only, or the same state as already recorded (no needless store write).
 */
export function withThreadState(ask: Ask, update: AskUpdate, syncedAt: string): Ask | undefined {
  if (update.repliesOnly || (ask.target.kind !== 'reviewComment' && ask.target.kind !== 'fileComment')) return undefined;
  // Only what the store's guard accepts: a record it rejects would be dropped on the next load.
  const line = (n: number | null | undefined) => (n === undefined ? undefined : n !== null && n >= 1 ? n : null);
  const [at, start] = [line(update.line), line(update.startLine)];
  const thread: AskThreadState = {
    resolved: update.resolved,
    outdated: update.outdated,
    ...(update.path ? { path: update.path } : {}),
    ...(at !== undefined ? { line: at } : {}),
    ...(start !== undefined ? { startLine: start } : {}),
    syncedAt,
  };
  const was = ask.thread;
  const same =
    was &&
    was.resolved === thread.resolved &&
    was.outdated === thread.outdated &&
    was.path === thread.path &&
    was.line === thread.line &&
    was.startLine === thread.startLine;
  return same ? undefined : { ...ask, thread };
}
