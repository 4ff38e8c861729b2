// The report's GraphQL documents (ARCHITECTURE.md §Program report), assembled per batch: many pairs'
// searches as aliases of one query (discovery), then many changed exchanges as aliases of another
// (details). The cost of each is known before it is sent, by GitHub's rule (every connection counts
// the requests needed to fill it, nested ones once per parent they could repeat under; the sum / 100,
// rounded, at least 1): `test/unit/core/report/queries.test.ts` checks these sums against the
// sandbox's implementation of that rule and every assembled document against GitHub's schema.
import type { Pair } from './pairs';

export type SearchName = 'exchanges' | 'mergedAB' | 'mergedBA' | 'reviewedAB' | 'reviewedBA';
export const searchNames: readonly SearchName[] = ['exchanges', 'mergedAB', 'mergedBA', 'reviewedAB', 'reviewedBA'];

/** Results per discovery page: a search with no nested connection costs 1 request whatever its size. */
export const DISCOVERY_PAGE = 100;
/** GitHub rounds the sum / 100 to the nearest point: up to 149 requests still cost 1 point. */
export const REQUESTS_PER_QUERY = 149;
/** Threads and comments per thread read of an exchange pull request. */
export const THREADS = 10;
export const THREAD_COMMENTS = 10;

/** GitHub's rule: the sum of requests / 100, rounded, at least 1. */
export const pointsFor = (requests: number): number => Math.max(1, Math.round(requests / 100));

/** What a search finds for a pair (GitHub issue search syntax); `since` narrows to what changed. */
export function searchQuery(name: SearchName, pair: Pair, label: string, since?: string, org?: string): string {
  const { a, b } = pair;
  const base = {
    exchanges: `label:"${label.replace(/["\\]/g, '')}" involves:${a} involves:${b}${org ? ` org:${org}` : ''}`,
    mergedAB: `is:pr is:merged author:${a} user:${b}`,
    mergedBA: `is:pr is:merged author:${b} user:${a}`,
    reviewedAB: `is:pr author:${b} reviewed-by:${a}`,
    reviewedBA: `is:pr author:${a} reviewed-by:${b}`,
  }[name];
  return `${base}${since ? ` updated:>=${since}` : ''} sort:updated-asc`;
}

export interface SearchSlot {
  readonly query: string;
  readonly after?: string;
}

const RATE = 'rateLimit { cost remaining resetAt }';

/** One query of many searches (aliases s0, s1, …): ids and update times only, so each costs 1 request. */
export function discoveryDocument(slots: readonly SearchSlot[]): { document: string; variables: Record<string, string>; requests: number } {
  const vars: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, string> = {};
  slots.forEach((slot, i) => {
    vars.push(`$q${i}: String!`);
    variables[`q${i}`] = slot.query;
    if (slot.after !== undefined) {
      vars.push(`$a${i}: String`);
      variables[`a${i}`] = slot.after;
    }
    fields.push(
      `s${i}: search(type: ISSUE, query: $q${i}, first: ${DISCOVERY_PAGE}${slot.after !== undefined ? `, after: $a${i}` : ''}) { issueCount pageInfo { hasNextPage endCursor } nodes { __typename ... on Issue { id updatedAt } ... on PullRequest { id updatedAt } } }`,
    );
  });
  return { document: `query ReportDiscover(${vars.join(', ')}) {\n${fields.join('\n')}\n${RATE}\n}`, variables, requests: slots.length };
}

const COMMENT = 'id body createdAt url author { login }';
const ISSUE_FIELDS = `id updatedAt title body createdAt url author { login } repository { owner { login } } labels(first: 10) { nodes { name } } comments(last: 100) { nodes { ${COMMENT} } }`;
const PULL_FIELDS =
  `${ISSUE_FIELDS} mergedAt reviews(first: 20) { nodes { id url state submittedAt body author { login } } }` +
  ` reviewThreads(first: ${THREADS}) { nodes { comments(first: ${THREAD_COMMENTS}) { nodes { ${COMMENT} } } } }`;

/** Requests one exchange costs: an issue's labels and comments; a pull request's also its reviews, threads and their comments. */
export const ISSUE_REQUESTS = 2;
export const PULL_REQUESTS = 4 + THREADS;

export interface NodeRef {
  readonly id: string;
  readonly pull: boolean;
}

export const requestsOf = (node: NodeRef): number => (node.pull ? PULL_REQUESTS : ISSUE_REQUESTS);

/** One query of many exchanges (aliases n0, n1, …) by node id, each read as the type discovery saw. */
export function detailsDocument(nodes: readonly NodeRef[]): { document: string; variables: Record<string, string>; requests: number } {
  const variables: Record<string, string> = {};
  const fields = nodes.map((node, i) => {
    variables[`n${i}`] = node.id;
    return `n${i}: node(id: $n${i}) { __typename ${node.pull ? `... on PullRequest { ${PULL_FIELDS} }` : `... on Issue { ${ISSUE_FIELDS} }`} }`;
  });
  const vars = nodes.map((_, i) => `$n${i}: ID!`).join(', ');
  return { document: `query ReportDetails(${vars}) {\n${fields.join('\n')}\n${RATE}\n}`, variables, requests: nodes.reduce((n, x) => n + requestsOf(x), 0) };
}

/** Exchanges grouped so that each query stays within one point. */
export function detailBatches(nodes: readonly NodeRef[]): NodeRef[][] {
  const out: NodeRef[][] = [];
  let batch: NodeRef[] = [];
  let requests = 0;
  for (const node of nodes) {
    if (batch.length > 0 && requests + requestsOf(node) > REQUESTS_PER_QUERY) {
      out.push(batch);
      batch = [];
      requests = 0;
    }
    batch.push(node);
    requests += requestsOf(node);
  }
  if (batch.length) out.push(batch);
  return out;
}

/** Searches per discovery query so that it costs one point. */
export const SEARCHES_PER_QUERY = REQUESTS_PER_QUERY;

/** Splits a list into chunks of `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
