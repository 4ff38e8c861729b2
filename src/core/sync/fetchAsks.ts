// Runs the batched GraphQL query for a list of node ids: one request for up to 200 ids (two
// aliased `nodes` lists of at most 100), more requests only beyond that. A node GitHub cannot
// resolve comes back null with its own error; the others still arrive, so partial data is used and
// the errors become warnings.
import type { GitHubClient } from '../github/client';
import { int, record, text } from './json';
import { MAX_IDS_PER_LIST, SYNC_QUERY } from './query';
import type { Warn } from './replies';

export interface FetchResult {
  /** id → the node GitHub returned (null when it could not resolve it). */
  readonly nodes: ReadonlyMap<string, unknown>;
  /** GraphQL requests made. */
  readonly requests: number;
  /** Points GitHub said the queries cost (`rateLimit.cost`). */
  readonly cost: number;
  /** What is left of the GraphQL budget after the last query, when GitHub said. */
  readonly remaining?: number;
  readonly resetAt?: string;
}

interface SyncData {
  readonly nodes?: unknown;
  readonly more?: unknown;
  readonly rateLimit?: unknown;
}

/** octokit's GraphqlResponseError: errors with (possibly partial) data. Duck-typed: @octokit/graphql is not a direct dependency. */
interface GraphqlErrors {
  readonly name: 'GraphqlResponseError';
  readonly data?: SyncData | null;
  readonly errors?: readonly { readonly type?: string; readonly message?: string; readonly path?: readonly unknown[] }[];
}

function isGraphqlErrors(error: unknown): error is GraphqlErrors {
  return error instanceof Error && error.name === 'GraphqlResponseError';
}

async function run(client: GitHubClient, ids: readonly string[], warn: Warn, signal?: AbortSignal): Promise<SyncData> {
  const variables = { ids: ids.slice(0, MAX_IDS_PER_LIST), more: ids.slice(MAX_IDS_PER_LIST) };
  try {
    return await client.graphql<SyncData>(SYNC_QUERY, { ...variables, ...(signal ? { request: { signal } } : {}) });
  } catch (error) {
    // Errors with no data (a bad query, the rate limit) are the caller's to handle.
    if (!isGraphqlErrors(error) || !record(error.data) || error.errors?.some((e) => e.type === 'RATE_LIMITED')) throw error;
    for (const e of error.errors ?? []) warn(`GitHub GraphQL: ${e.message ?? e.type ?? 'error'}`);
    return error.data as SyncData;
  }
}

/** Fetches the nodes with these ids (duplicates asked once) in as few requests as GitHub allows. */
export async function fetchNodes(client: GitHubClient, ids: readonly string[], warn: Warn, signal?: AbortSignal): Promise<FetchResult> {
  const unique = [...new Set(ids)];
  const nodes = new Map<string, unknown>();
  let requests = 0;
  let cost = 0;
  let remaining: number | undefined;
  let resetAt: string | undefined;
  for (let i = 0; i < unique.length; i += 2 * MAX_IDS_PER_LIST) {
    const chunk = unique.slice(i, i + 2 * MAX_IDS_PER_LIST);
    const data = record(await run(client, chunk, warn, signal));
    requests++;
    const lists = [data?.nodes, data?.more];
    const asked = [chunk.slice(0, MAX_IDS_PER_LIST), chunk.slice(MAX_IDS_PER_LIST)];
    lists.forEach((list, at) => {
      const want = asked[at] ?? [];
      if (want.length === 0) return;
      if (!Array.isArray(list) || list.length !== want.length) {
        warn(
          `GitHub GraphQL answered ${Array.isArray(list) ? `${list.length} nodes for ${want.length} ids` : 'no node list'}; those asks are skipped this time`,
        );
        return;
      }
      want.forEach((id, k) => nodes.set(id, list[k] ?? null));
    });
    const limit = record(data?.rateLimit);
    cost += int(limit?.cost) ?? 0;
    remaining = int(limit?.remaining) ?? remaining;
    resetAt = text(limit?.resetAt) ?? resetAt;
  }
  return { nodes, requests, cost, ...(remaining !== undefined ? { remaining } : {}), ...(resetAt !== undefined ? { resetAt } : {}) };
}
