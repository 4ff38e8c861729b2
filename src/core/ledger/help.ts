// Help seen on GitHub between two people, each direction: pull requests one side authored that were
// merged into the other's repositories, and reviews one side gave on the other's pull requests.
// Found with GitHub's issue search in one batched GraphQL query (four aliased searches), then only
// the searches with more pages are followed. A cursor per search (the newest `updated` seen) lets
// a later refresh ask only for what changed since. Search returns at most 1,000 results per query;
// the cursor keeps each refresh far below that.
import type { GitHubClient } from '../github/client';
import { DEFAULT_LABEL } from '../model';
import { authorLogin, connectionNodes, record, sameLogin, text, time } from '../sync/json';
import type { LedgerEvent } from './ledger';

export type HelpSearch = 'mergedByMe' | 'mergedByThem' | 'reviewedByMe' | 'reviewedByThem';
export const helpSearches: readonly HelpSearch[] = ['mergedByMe', 'mergedByThem', 'reviewedByMe', 'reviewedByThem'];

/** Per search: the newest `updated` time already read (YYYY-MM-DDTHH:MM:SSZ). */
export type HelpCursors = Partial<Record<HelpSearch, string>>;

/** The search query of each kind of help, for `me` and `partner`, updated after `since` when given. */
export function helpQuery(search: HelpSearch, me: string, partner: string, since?: string): string {
  const [from, to] = search.endsWith('ByMe') ? [me, partner] : [partner, me];
  const base = search.startsWith('merged') ? `is:pr is:merged author:${from} user:${to}` : `is:pr author:${to} reviewed-by:${from}`;
  return `${base}${since ? ` updated:>=${since}` : ''} sort:updated-asc`;
}

// One document, two operations sharing their fragments: the batched first look, and a further page
// of one search (picked with `operationName`).
const HELP = /* GraphQL */ `
  query LedgerHelp($me: String!, $partner: String!, $mergedByMe: String!, $mergedByThem: String!, $reviewedByMe: String!, $reviewedByThem: String!) {
    mergedByMe: search(type: ISSUE, query: $mergedByMe, first: 50) {
      ...HelpPage
    }
    mergedByThem: search(type: ISSUE, query: $mergedByThem, first: 50) {
      ...HelpPage
    }
    reviewedByMe: search(type: ISSUE, query: $reviewedByMe, first: 50) {
      ...HelpPage
    }
    reviewedByThem: search(type: ISSUE, query: $reviewedByThem, first: 50) {
      ...HelpPage
    }
    rateLimit {
      cost
      remaining
    }
  }
  query LedgerHelpPage($me: String!, $partner: String!, $searchQuery: String!, $after: String) {
    search(type: ISSUE, query: $searchQuery, first: 50, after: $after) {
      ...HelpPage
    }
    rateLimit {
      cost
      remaining
    }
  }
  fragment HelpPage on SearchResultItemConnection {
    issueCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      ...HelpPull
    }
  }
  fragment HelpPull on PullRequest {
    id
    number
    title
    url
    updatedAt
    mergedAt
    createdAt
    author {
      login
    }
    repository {
      nameWithOwner
      owner {
        login
      }
    }
    labels(first: 20) {
      nodes {
        name
      }
    }
    myReviews: reviews(first: 10, author: $me, states: [APPROVED, CHANGES_REQUESTED, COMMENTED]) {
      nodes {
        id
        url
        submittedAt
        state
        body
      }
    }
    theirReviews: reviews(first: 10, author: $partner, states: [APPROVED, CHANGES_REQUESTED, COMMENTED]) {
      nodes {
        id
        url
        submittedAt
        state
        body
      }
    }
  }
`;

export interface HelpResult {
  readonly events: LedgerEvent[];
  readonly cursors: HelpCursors;
  readonly requests: number;
  readonly cost: number;
  readonly warnings: string[];
}

/** The topic of a pull request: its first label other than the exchange label, if any. */
function topicOf(node: Readonly<Record<string, unknown>>, exchangeLabel: string): string | undefined {
  const names = (connectionNodes(node.labels) ?? []).map((l) => text(record(l)?.name)).filter((n): n is string => !!n);
  return names.find((n) => n.toLowerCase() !== exchangeLabel.toLowerCase());
}

/** Turns one search hit into a help event; undefined (with a warning) when it does not say what it should. */
function eventOf(search: HelpSearch, raw: unknown, me: string, partner: string, exchangeLabel: string, warn: (m: string) => void): LedgerEvent | undefined {
  const node = record(raw);
  const id = text(node?.id);
  const url = text(node?.url);
  const title = text(node?.title);
  if (!node || !id || !url || title === undefined) {
    warn(`help search ${search}: skipped a result without id, url or title`);
    return undefined;
  }
  const byMe = search.endsWith('ByMe');
  const [from, to] = byMe ? [me, partner] : [partner, me];
  const topic = topicOf(node, exchangeLabel);
  if (search.startsWith('merged')) {
    const at = time(node.mergedAt);
    const author = authorLogin(node.author);
    const owner = text(record(record(node.repository)?.owner)?.login);
    if (!at || !sameLogin(author, from) || !sameLogin(owner, to)) {
      warn(`help search ${search}: ${url} is not a pull request by @${from} merged into @${to}'s repository; skipped`);
      return undefined;
    }
    return { kind: 'help', type: 'mergedPullRequest', id: `merged:${id}`, at, from, to, title, url, ...(topic ? { topic } : {}) };
  }
  // A review is a verdict or a review with words of its own. Replying in a review thread (an answer,
  // a lesson) also makes a COMMENTED review with an empty body: that is counted as what it is, not here.
  const review = (connectionNodes(node[byMe ? 'myReviews' : 'theirReviews']) ?? [])
    .map(record)
    .find((r) => r !== undefined && (r.state === 'APPROVED' || r.state === 'CHANGES_REQUESTED' || (text(r.body) ?? '').trim() !== ''));
  if (!review && (connectionNodes(node[byMe ? 'myReviews' : 'theirReviews']) ?? []).length > 0) return undefined; // only wordless thread comments
  const at = time(review?.submittedAt);
  const reviewId = text(review?.id);
  if (!review || !at || !reviewId || !sameLogin(authorLogin(node.author), to)) {
    warn(`help search ${search}: ${url} has no submitted review by @${from} on a pull request by @${to}; skipped`);
    return undefined;
  }
  return { kind: 'help', type: 'review', id: `review:${reviewId}`, at, from, to, title, url: text(review.url) ?? url, ...(topic ? { topic } : {}) };
}

/**
 * Finds help between `me` and `partner` updated since the cursors (everything when none). New
 * cursors come back with the events; pass them next time.
 */
export async function findHelp(
  client: GitHubClient,
  me: string,
  partner: string,
  options: { cursors?: HelpCursors; exchangeLabel?: string; maxPages?: number } = {},
): Promise<HelpResult> {
  const cursors: HelpCursors = { ...options.cursors };
  const label = options.exchangeLabel ?? DEFAULT_LABEL;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const events: LedgerEvent[] = [];
  const queries = Object.fromEntries(helpSearches.map((s) => [s, helpQuery(s, me, partner, options.cursors?.[s])])) as Record<HelpSearch, string>;
  let requests = 1;
  let cost = 0;
  const first = record(await client.graphql(HELP, { operationName: 'LedgerHelp', me, partner, ...queries }));
  cost += typeof record(first?.rateLimit)?.cost === 'number' ? (record(first?.rateLimit)?.cost as number) : 0;
  for (const search of helpSearches) {
    let page = record(first?.[search]);
    let pages = 1;
    for (;;) {
      const nodes = connectionNodes(page);
      if (!page || !nodes) {
        warn(`help search ${search}: GitHub's answer has no results list`);
        break;
      }
      for (const raw of nodes) {
        const event = eventOf(search, raw, me, partner, label, warn);
        if (event) events.push(event);
        const updated = time(record(raw)?.updatedAt);
        if (updated && (!cursors[search] || updated > cursors[search])) cursors[search] = updated.replace(/\.\d+Z$/, 'Z');
      }
      const info = record(page.pageInfo);
      const after = text(info?.endCursor);
      if (info?.hasNextPage !== true || !after || pages >= (options.maxPages ?? 20)) break;
      const next = record(await client.graphql(HELP, { operationName: 'LedgerHelpPage', me, partner, searchQuery: queries[search], after }));
      requests++;
      pages++;
      cost += typeof record(next?.rateLimit)?.cost === 'number' ? (record(next?.rateLimit)?.cost as number) : 0;
      page = record(next?.search);
    }
  }
  return { events, cursors, requests, cost, warnings };
}
