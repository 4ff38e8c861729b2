// Reading offers back from GitHub (ARCHITECTURE.md §Offers): an issue's comments (the take and drop
// markers, trusted only from their helper) and `closedByPullRequestsReferences` (a merged pull
// request by the helper completes the offer). Offers known to the store are re-read by node id in
// one `nodes(ids:)` request; with no store, they are found again by searching the partner's
// repositories for issues the helper commented on with the offer's visible words.
import type { GitHubClient } from '../github/client';
import { authorLogin, bool, connectionNodes, int, record, sameLogin, text, time } from '../sync/json';
import { issueOfBranch, offerBranch, offerClaims, type IssueCommentFact, type Offer } from './offer';

/** Words every take comment has (offer.ts `offerComment`), for GitHub's search: markers are not searchable. */
export const OFFER_PHRASE = 'take this one on';

const OFFERS = /* GraphQL */ `
  query OfferIssues($ids: [ID!]!) {
    nodes(ids: $ids) {
      ...OfferIssue
    }
    rateLimit {
      cost
    }
  }
  query OfferSearch($searchQuery: String!) {
    search(type: ISSUE, query: $searchQuery, first: 50) {
      nodes {
        ...OfferIssue
      }
    }
    rateLimit {
      cost
    }
  }
  fragment OfferIssue on Issue {
    id
    number
    title
    url
    repository {
      nameWithOwner
      owner {
        login
      }
    }
    comments(first: 100) {
      nodes {
        author {
          login
        }
        body
        createdAt
        url
      }
    }
    closedByPullRequestsReferences(first: 10, includeClosedPrs: true) {
      nodes {
        number
        title
        url
        merged
        mergedAt
        author {
          login
        }
        headRefName
      }
    }
  }
`;

/** The offers on one issue as GitHub shows it; malformed data is skipped with a warning, never thrown. */
export function offersOnIssue(raw: unknown, warn: (m: string) => void = () => undefined): Offer[] {
  const issue = record(raw);
  const issueId = text(issue?.id);
  const url = text(issue?.url);
  const number = int(issue?.number);
  const title = text(issue?.title);
  const repo = text(record(issue?.repository)?.nameWithOwner);
  const owner = text(record(record(issue?.repository)?.owner)?.login);
  if (!issue || !issueId || !url || number === undefined || title === undefined || !repo || !owner) {
    warn('offer: skipped an issue without id, url, number, title or repository');
    return [];
  }
  const comments: IssueCommentFact[] = [];
  for (const n of connectionNodes(issue.comments) ?? []) {
    const c = record(n);
    const author = authorLogin(c?.author);
    const body = text(c?.body);
    const createdAt = time(c?.createdAt);
    const at = text(c?.url);
    if (author && body !== undefined && createdAt && at) comments.push({ author, body, createdAt, url: at });
    else warn(`offer: ${url}: skipped a comment without author, body, time or url`);
  }
  const merged = (connectionNodes(issue.closedByPullRequestsReferences) ?? []).map(record).flatMap((p) => {
    const mergedAt = time(p?.mergedAt);
    const prUrl = text(p?.url);
    const prNumber = int(p?.number);
    if (!p || bool(p.merged) !== true || !mergedAt || !prUrl || prNumber === undefined) return [];
    return [{ url: prUrl, number: prNumber, title: text(p.title) ?? '', mergedAt, author: authorLogin(p.author), head: text(p.headRefName) }];
  });
  const claims = offerClaims(comments, (m) => warn(`offer: ${m}`)).filter((c) => {
    if (sameLogin(c.helper, owner)) warn(`offer: ${c.commentUrl}: @${c.helper} offered help in their own repository; ignored`);
    return !sameLogin(c.helper, owner);
  });
  return claims.map((c): Offer => {
    // Completed by a merged pull request that closes the issue, by the helper, merged after the take.
    const done = merged.find(
      (p) => sameLogin(p.author, c.helper) && p.mergedAt >= c.takenAt && (!p.head || !issueOfBranch(p.head) || issueOfBranch(p.head) === number),
    );
    const base = {
      id: c.id,
      issueId,
      helper: c.helper,
      partner: owner,
      repo,
      number,
      title,
      issueUrl: url,
      branch: offerBranch(number, title),
      takenAt: c.takenAt,
      commentUrl: c.commentUrl,
      ...(c.topic ? { topic: c.topic } : {}),
    };
    if (done && (!c.droppedAt || done.mergedAt >= c.droppedAt)) {
      return {
        ...base,
        state: 'completed',
        endedAt: done.mergedAt,
        pullRequest: { url: done.url, number: done.number, title: done.title, mergedAt: done.mergedAt },
      };
    }
    if (c.droppedAt) return { ...base, state: 'dropped', endedAt: c.droppedAt, ...(c.dropNote ? { dropNote: c.dropNote } : {}) };
    return { ...base, state: 'taken' };
  });
}

/**
 * Known offers brought up to date with what GitHub says now (`nodes`: issue node id → the node, null
 * when GitHub has no such issue any more). A deleted issue leaves its offer `gone`; a finished offer
 * (completed, dropped) stays as it was. The stored branch is kept (the title may have changed).
 */
export function reconcileOffers(
  known: readonly Offer[],
  nodes: ReadonlyMap<string, unknown>,
  now: string,
  warn: (m: string) => void = () => undefined,
): Offer[] {
  return known.map((o) => {
    if (o.state !== 'taken' || !nodes.has(o.issueId)) return o;
    const node = nodes.get(o.issueId);
    if (node === null || node === undefined) {
      warn(`offer: ${o.issueUrl} is gone from GitHub; the offer ends`);
      return { ...o, state: 'gone', endedAt: now };
    }
    const seen = offersOnIssue(node, warn).find((x) => x.id === o.id && sameLogin(x.helper, o.helper));
    if (!seen) return o; // the take comment was deleted or edited: keep what we knew
    return { ...seen, branch: o.branch };
  });
}

interface GraphqlErrors {
  readonly name: 'GraphqlResponseError';
  readonly data?: unknown;
  readonly errors?: readonly { readonly type?: string; readonly message?: string }[];
}

/** A GraphQL answer, partial data included (a deleted issue is a null node with its own error). */
async function partial(client: GitHubClient, query: string, variables: Record<string, unknown>, warn: (m: string) => void) {
  try {
    return record(await client.graphql(query, variables));
  } catch (error) {
    const e = error as GraphqlErrors;
    if (!(error instanceof Error) || e.name !== 'GraphqlResponseError' || !record(e.data) || e.errors?.some((x) => x.type === 'RATE_LIMITED')) throw error;
    for (const x of e.errors ?? []) warn(`GitHub GraphQL: ${x.message ?? x.type ?? 'error'}`);
    return record(e.data);
  }
}

/** The issues of known offers by node id, in one request (at most 100 ids). */
export async function readOfferIssues(client: GitHubClient, ids: readonly string[], warn: (m: string) => void = () => undefined) {
  const unique = [...new Set(ids)].slice(0, 100);
  const answer = await partial(client, OFFERS, { operationName: 'OfferIssues', ids: unique }, warn);
  const nodes = new Map<string, unknown>();
  const list = Array.isArray(answer?.nodes) ? (answer.nodes as unknown[]) : [];
  unique.forEach((id, i) => nodes.set(id, list[i] ?? null));
  return { nodes, cost: int(record(answer?.rateLimit)?.cost) ?? 0 };
}

/** Offers `helper` made in `owner`'s repositories, found again from GitHub alone. */
export async function findOffers(client: GitHubClient, helper: string, owner: string, warn: (m: string) => void = () => undefined) {
  const query = `is:issue user:${owner} commenter:${helper} "${OFFER_PHRASE}" sort:updated-desc`;
  const answer = await partial(client, OFFERS, { operationName: 'OfferSearch', searchQuery: query }, warn);
  const offers = (connectionNodes(answer?.search) ?? []).flatMap((n) => offersOnIssue(n, warn).filter((o) => sameLogin(o.helper, helper)));
  return { offers, cost: int(record(answer?.rateLimit)?.cost) ?? 0 };
}
