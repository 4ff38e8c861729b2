// What the watcher asks GitHub about a watched ask, and how it reads the answer. Each ask gets the
// cheapest REST list that changes when its partner answers, asked conditionally (`If-None-Match`),
// so an unchanged list is a 304 that costs no rate-limit point:
// - a review-comment or file-comment ask: the pull request's review comments since the ask
//   (`GET /repos/{o}/{r}/pulls/{n}/comments?since=…`): a thread reply is one of them;
// - an issue ask: the comments since the ask (`GET /repos/{o}/{r}/issues/{n}/comments?since=…`);
// - a whole-PR ask: the pull request's comments since the ask, and its reviews
//   (`GET /repos/{o}/{r}/pulls/{n}/reviews`; a review carries its inline comments).
// (A whole-PR ask answered only with a new inline comment is left to the notifications poll.)
// `since` is ten minutes or more before the ask (a client clock ahead of GitHub's must not hide a
// reply), down to the hour: it stays the same for the ask, so a re-opened ask reuses its ETag, and
// asks on one pull request made within the hour share one list (one check, one ETag). A changed
// list (200) counts as an answer only when it holds something by the partner the store does not have.
// The comment lists are asked for with GitHub's `full` media type (the raw body and its rendered HTML),
// so a changed list that holds the whole conversation after the ask is itself the reply data
// (`listReplies`): no second request is needed to fetch it (watcher.ts).
import type { Ask, Reply } from '../model';
import { int, record, sameLogin, text, time } from './json';
import { extractSuggestions } from './replies';

/** Minutes before the ask that `since` reaches back. */
const SINCE_SLACK_MS = 10 * 60_000;
const PER_PAGE = 100;
const HOUR_MS = 3_600_000;

export interface WatchEndpoint {
  /** The request path with its query (relative to the API root): also the ETag's key. */
  readonly path: string;
  /** What an item of the list is: a review comment, an issue comment, a review. */
  readonly items: 'reviewComments' | 'issueComments' | 'reviews';
  /** The media type asked for (part of the ETag's key: GitHub's ETags vary with it). */
  readonly accept: string;
}

/** GitHub's media type giving both `body` and `body_html`. */
export const FULL_MEDIA_TYPE = 'application/vnd.github.full+json';
const JSON_MEDIA_TYPE = 'application/vnd.github+json';

/** The slack before the ask, down to the hour: asks on one list made within the hour share it, and its ETag. */
function since(ask: Ask): string {
  const at = Date.parse(ask.createdAt);
  const from = Number.isNaN(at) ? 0 : Math.floor((at - SINCE_SLACK_MS) / HOUR_MS) * HOUR_MS;
  return new Date(Math.max(0, from)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The lists to watch for an ask (none for an ask not on GitHub yet). */
export function watchEndpoints(ask: Ask): WatchEndpoint[] {
  const posted = ask.posted;
  if (!posted) return [];
  const t = ask.target;
  const repo = `/repos/${encodeURIComponent(t.repo.owner)}/${encodeURIComponent(t.repo.name)}`;
  const query = `?since=${since(ask)}&per_page=${PER_PAGE}`;
  switch (t.kind) {
    case 'reviewComment':
    case 'fileComment':
      return [{ path: `${repo}/pulls/${t.pull}/comments${query}`, items: 'reviewComments', accept: FULL_MEDIA_TYPE }];
    case 'issue':
      return posted.number === undefined ? [] : [{ path: `${repo}/issues/${posted.number}/comments${query}`, items: 'issueComments', accept: FULL_MEDIA_TYPE }];
    case 'pullRequest':
      return [
        { path: `${repo}/issues/${t.pull}/comments${query}`, items: 'issueComments', accept: FULL_MEDIA_TYPE },
        { path: `${repo}/pulls/${t.pull}/reviews?per_page=${PER_PAGE}`, items: 'reviews', accept: JSON_MEDIA_TYPE },
      ];
  }
}

/**
 * The node ids, in a list GitHub answered for the endpoint, of what the partner wrote for this ask
 * that is not in `known` (the replies the store has, and the ask's own comment): a new answer.
 */
export function newAnswers(ask: Ask, endpoint: WatchEndpoint, data: unknown, known: ReadonlySet<string>): string[] {
  if (!Array.isArray(data)) return [];
  const out: string[] = [];
  for (const raw of data) {
    const item = record(raw);
    const id = text(item?.node_id);
    if (!item || !id || known.has(id) || !sameLogin(text(record(item.user)?.login), ask.partner)) continue;
    if (endpoint.items === 'reviewComments' && int(item.in_reply_to_id) !== ask.posted?.databaseId) continue; // another thread
    // A review without words or a verdict only carries inline comments — on GitHub every thread
    // reply comes in one — so it is not taken for an answer (those come with the notifications).
    if (endpoint.items === 'reviews' && (item.state === 'PENDING' || (item.state === 'COMMENTED' && !text(item.body)?.trim()))) continue;
    out.push(id);
  }
  return out;
}

/** A REST comment as a Reply; undefined when a field the store needs is missing (then the batched query fetches it). */
function replyOf(raw: unknown, askId: string, kind: Reply['kind']): Reply | undefined {
  const item = record(raw);
  const nodeId = text(item?.node_id);
  const author = text(record(item?.user)?.login);
  const body = text(item?.body);
  const bodyHTML = text(item?.body_html);
  const createdAt = time(item?.created_at);
  const url = text(item?.html_url);
  if (!nodeId || !author || body === undefined || bodyHTML === undefined || !createdAt || !url) return undefined;
  return { nodeId, askId, author, kind, body, bodyHTML, createdAt, url, suggestions: extractSuggestions(body) };
}

/**
 * The conversation after the ask that a comment list shows — the partner's comments and yours
 * (`me`), oldest first — when the list is sure to hold all of it since `since`: the reply data, no
 * fetch needed. Undefined, and the ask is fetched by the batched query instead, for a whole-PR ask
 * (its answer may also be a review, or an inline comment, which no comment list shows), a full page
 * (the list may go on), an ask comment not found on the list, or an item missing a field.
 */
export function listReplies(ask: Ask, endpoint: WatchEndpoint, data: unknown, me: string | undefined): Reply[] | undefined {
  const posted = ask.posted;
  if (!posted || ask.target.kind === 'pullRequest' || endpoint.items === 'reviews' || !Array.isArray(data) || data.length >= PER_PAGE) return undefined;
  let items: readonly unknown[] = data;
  if (endpoint.items === 'reviewComments') {
    items = data.filter((raw) => int(record(raw)?.in_reply_to_id) === posted.databaseId);
  } else if (/#issuecomment-\d+$/.test(posted.url)) {
    // The ask is a comment in an issue's thread: what follows it on the list.
    const own = data.findIndex((raw) => int(record(raw)?.id) === posted.databaseId);
    if (own < 0) return undefined;
    items = data.slice(own + 1);
  }
  const kind: Reply['kind'] = endpoint.items === 'reviewComments' ? 'threadReply' : 'issueComment';
  const out: Reply[] = [];
  for (const raw of items) {
    const reply = replyOf(raw, ask.id, kind);
    if (!reply) return undefined;
    if (reply.nodeId === posted.nodeId || !(sameLogin(reply.author, ask.partner) || sameLogin(reply.author, me))) continue;
    out.push(reply);
  }
  return out;
}
