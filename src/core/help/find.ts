// Finding ways to help a partner (ARCHITECTURE.md §Help first): one batched GraphQL query per refresh
// — aliased issue searches scoped to the partner's repositories (`user:`) for `help wanted`, `good
// first issue`, open issues about each topic you want to learn (up to three), the partner's open pull
// requests that request your review or have none yet — and its cost read from `rateLimit { cost }`.
//
// GraphQL has no conditional requests (ETag/304 are REST-only), so the cache is a cursor: the newest
// `updatedAt` seen in the partner's repositories. A later refresh asks each search again only for
// what was updated since (closed ones included, so they drop out), plus one `changed` search listing
// everything updated since: a cached candidate that changed but no longer matches its search (label
// removed, reviewed) drops out too. A full refresh happens when there is no cache, the topics changed,
// the cache is older than FULL_REFRESH_MS, or a delta search had more than one page.
import type { GitHubClient } from '../github/client';
import { authorLogin, bool, connectionNodes, int, record, text, time } from '../sync/json';
import { FIND } from './findQuery';
import { GOOD_FIRST_ISSUE, HELP_WANTED, MAX_MATCH_TEXT, type HelpCandidate, type HelpSearchKind, type HelpWish } from './rank';

export const TOPIC_SLOTS = 3;
export const FULL_REFRESH_MS = 6 * 3_600_000;

export type HelpAlias = 'helpWanted' | 'goodFirstIssue' | 'topic0' | 'topic1' | 'topic2' | 'reviewRequested' | 'unreviewed';
export const helpAliases: readonly HelpAlias[] = ['helpWanted', 'goodFirstIssue', 'topic0', 'topic1', 'topic2', 'reviewRequested', 'unreviewed'];

/** What a refresh keeps between runs (plain JSON, for the store's cursors). */
export interface HelpCache {
  readonly v: 1;
  /** me, partner and topics: a cache for other ones is not used. */
  readonly key: string;
  /** When the last full refresh ran (ISO). */
  readonly fullAt: string;
  /** The newest `updatedAt` seen (YYYY-MM-DDTHH:MM:SSZ). */
  readonly cursor?: string;
  readonly found: Partial<Record<HelpAlias, readonly HelpCandidate[]>>;
}

export interface FindHelpResult {
  /** Every cached candidate once, with all the searches that found it. */
  readonly candidates: HelpCandidate[];
  readonly cache: HelpCache;
  readonly full: boolean;
  readonly requests: number;
  readonly cost: number;
  readonly warnings: string[];
}

function cacheKey(me: string, wish: HelpWish): string {
  return JSON.stringify([me.toLowerCase(), wish.partner.toLowerCase(), wish.wantToLearn.slice(0, TOPIC_SLOTS).map((t) => t.toLowerCase())]);
}

/** A topic as a quoted search phrase: quotes and backslashes cannot end it early. */
function phrase(topic: string): string {
  return `"${topic.replace(/["\\]/g, ' ').trim()}"`;
}

/** The search query of each alias (undefined: not searched); `since` makes it a delta (closed ones too). */
export function helpSearchQueries(me: string, wish: HelpWish, since?: string): Partial<Record<HelpAlias, string>> {
  const p = wish.partner;
  const open = since ? `updated:>=${since}` : 'is:open';
  const order = since ? 'sort:updated-asc' : 'sort:updated-desc';
  const queries: Partial<Record<HelpAlias, string>> = {
    helpWanted: `user:${p} is:issue ${open} label:"${HELP_WANTED}" ${order}`,
    goodFirstIssue: `user:${p} is:issue ${open} label:"${GOOD_FIRST_ISSUE}" ${order}`,
    reviewRequested: `user:${p} is:pr ${open} author:${p} review-requested:${me} ${order}`,
    unreviewed: `user:${p} is:pr ${open} author:${p} review:none -is:draft ${order}`,
  };
  wish.wantToLearn
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .slice(0, TOPIC_SLOTS)
    .forEach((topic, i) => (queries[`topic${i}` as HelpAlias] = `user:${p} is:issue ${open} ${phrase(topic)} in:title,body ${order}`));
  return queries;
}

const kindOf = (alias: HelpAlias): HelpSearchKind => (alias.startsWith('topic') ? 'topic' : (alias as HelpSearchKind));

/** One search hit as a candidate with whether it is still open; undefined (with a warning) when malformed. */
export function candidateOf(raw: unknown, alias: HelpAlias, warn: (m: string) => void): { candidate: HelpCandidate; open: boolean } | undefined {
  const node = record(raw);
  const id = text(node?.id);
  const url = text(node?.url);
  const title = text(node?.title);
  const number = int(node?.number);
  const updatedAt = time(node?.updatedAt);
  const repo = text(record(node?.repository)?.nameWithOwner);
  const closed = bool(node?.closed);
  if (!node || !id || !url || title === undefined || number === undefined || !updatedAt || !repo || closed === undefined || !/^https?:\/\//.test(url)) {
    warn(`help search ${alias}: skipped a result without id, number, url, title, closed, repository or update time`);
    return undefined;
  }
  const labels = (connectionNodes(node.labels) ?? []).map((l) => text(record(l)?.name)).filter((n): n is string => n !== undefined);
  const body = text(node.body) ?? '';
  const candidate: HelpCandidate = {
    id,
    type: url.includes('/pull/') ? 'pullRequest' : 'issue',
    repo,
    number,
    title,
    url,
    body: body.length > MAX_MATCH_TEXT ? body.slice(0, MAX_MATCH_TEXT) : body,
    labels: labels.slice(0, 20),
    updatedAt,
    author: authorLogin(node.author) ?? 'ghost',
    foundBy: [kindOf(alias)],
  };
  return { candidate, open: !closed };
}

/** Every candidate once, its `foundBy` the union over the searches that found it. */
export function mergedCandidates(found: HelpCache['found']): HelpCandidate[] {
  const byId = new Map<string, HelpCandidate>();
  for (const alias of helpAliases) {
    for (const c of found[alias] ?? []) {
      const before = byId.get(c.id);
      const foundBy = [...new Set([...(before?.foundBy ?? []), ...c.foundBy])];
      byId.set(c.id, { ...(before && before.updatedAt > c.updatedAt ? before : c), foundBy });
    }
  }
  return [...byId.values()];
}

const second = (t: string) => t.replace(/\.\d+Z$/, 'Z');

/**
 * A delta applied to the cache: per search, drop what changed since (or closed), add what matches now.
 * Pure, so the stale cases (label removed, pull request reviewed, issue closed) are unit-tested.
 */
export function applyDelta(
  found: HelpCache['found'],
  delta: Partial<Record<HelpAlias, readonly { candidate: HelpCandidate; open: boolean }[]>>,
  changedIds: ReadonlySet<string>,
): HelpCache['found'] {
  const next: Partial<Record<HelpAlias, readonly HelpCandidate[]>> = {};
  for (const alias of helpAliases) {
    const hits = delta[alias] ?? [];
    const hitIds = new Set(hits.map((h) => h.candidate.id));
    const kept = (found[alias] ?? []).filter((c) => !changedIds.has(c.id) && !hitIds.has(c.id));
    const list = [...hits.filter((h) => h.open).map((h) => h.candidate), ...kept];
    if (list.length > 0) next[alias] = list;
  }
  return next;
}

function costOf(answer: Readonly<Record<string, unknown>> | undefined): number {
  return int(record(answer?.rateLimit)?.cost) ?? 0;
}

async function runQuery(client: GitHubClient, me: string, wish: HelpWish, since: string | undefined) {
  const queries = helpSearchQueries(me, wish, since);
  const answer = record(
    await client.graphql(FIND, {
      helpWanted: queries.helpWanted,
      goodFirstIssue: queries.goodFirstIssue,
      reviewRequested: queries.reviewRequested,
      unreviewed: queries.unreviewed,
      topic0: queries.topic0 ?? '',
      topic1: queries.topic1 ?? '',
      topic2: queries.topic2 ?? '',
      useTopic0: queries.topic0 !== undefined,
      useTopic1: queries.topic1 !== undefined,
      useTopic2: queries.topic2 !== undefined,
      changed: since ? `user:${wish.partner} updated:>=${since} sort:updated-asc` : '',
      useChanged: since !== undefined,
    }),
  );
  return { answer, queries };
}

/** Finds ways to help `wish.partner`, refreshing `cache` (see the header for when a refresh is full). */
export async function findWaysToHelp(
  client: GitHubClient,
  me: string,
  wish: HelpWish,
  options: { cache?: HelpCache; now?: number } = {},
): Promise<FindHelpResult> {
  const now = options.now ?? Date.now();
  const key = cacheKey(me, wish);
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const old = options.cache?.v === 1 && options.cache.key === key ? options.cache : undefined;
  const fresh = old?.cursor !== undefined && now - Date.parse(old.fullAt) < FULL_REFRESH_MS;
  let requests = 0;
  let cost = 0;
  const read = async (since: string | undefined) => {
    const { answer, queries } = await runQuery(client, me, wish, since);
    requests++;
    cost += costOf(answer);
    const hits: Partial<Record<HelpAlias, { candidate: HelpCandidate; open: boolean }[]>> = {};
    let cursor = since;
    let more = false;
    for (const alias of helpAliases) {
      if (queries[alias] === undefined) continue;
      const page = record(answer?.[alias]);
      const nodes = connectionNodes(page);
      if (!nodes) {
        warn(`help search ${alias}: GitHub's answer has no results list`);
        continue;
      }
      more ||= record(page?.pageInfo)?.hasNextPage === true;
      hits[alias] = nodes.map((n) => candidateOf(n, alias, warn)).filter((h) => h !== undefined);
      for (const h of hits[alias]) if (!cursor || h.candidate.updatedAt > cursor) cursor = second(h.candidate.updatedAt);
    }
    const changed = record(answer?.changed);
    const changedIds = new Set<string>();
    for (const n of connectionNodes(changed) ?? []) {
      const id = text(record(n)?.id);
      const updated = time(record(n)?.updatedAt);
      if (id) changedIds.add(id);
      if (updated && (!cursor || updated > cursor)) cursor = second(updated);
    }
    return { hits, cursor, changedIds, more: more || record(changed?.pageInfo)?.hasNextPage === true };
  };
  if (old && fresh) {
    const delta = await read(old.cursor);
    if (!delta.more) {
      const found = applyDelta(old.found, delta.hits, delta.changedIds);
      const cache: HelpCache = { v: 1, key, fullAt: old.fullAt, ...(delta.cursor ? { cursor: delta.cursor } : {}), found };
      return { candidates: mergedCandidates(found), cache, full: false, requests, cost, warnings };
    }
  }
  const full = await read(undefined);
  const found: Partial<Record<HelpAlias, readonly HelpCandidate[]>> = {};
  for (const alias of helpAliases) {
    const list = (full.hits[alias] ?? []).filter((h) => h.open).map((h) => h.candidate);
    if (list.length > 0) found[alias] = list;
  }
  const cursor = full.cursor ?? old?.cursor;
  const cache: HelpCache = { v: 1, key, fullAt: new Date(now).toISOString(), ...(cursor ? { cursor } : {}), found };
  return { candidates: mergedCandidates(found), cache, full: true, requests, cost, warnings };
}
