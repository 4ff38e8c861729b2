// Pairs on GitHub (ARCHITECTURE.md §Pairs): the invitation issue, the comments that answer it, and
// discovery — GitHub's issue search for pair issues that involve you, plus the pairs already known
// (an issue just created may not be searchable yet), each issue's comments fetched with conditional
// requests (the client's ETag cache, src/core/sync/etagCache.ts: an unchanged list is a free 304).
// Bundled into dist/github.cjs through src/core/github/client.ts, loaded on first use.
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../errors';
import type { GitHubClient } from '../github/client';
import { isRequestError } from '../github/problem';
import type { RepoRef } from '../model';
import { installEtagCache } from '../sync/etagCache';
import { int, record, text, time } from '../sync/json';
import { actionComment, invitationIssue, PAIR_TITLE } from './compose';
import type { PairAction } from './markers';
import type { PairComment, PairIssue, PairState, PairTopics } from './model';
import { MAX_PAIR_COMMENTS, reducePair } from './reduce';

/** Where a pair lives: enough to fetch it again. */
export interface PairRef {
  readonly owner: string;
  readonly name: string;
  readonly number: number;
}

type Warn = (message: string) => void;

/** The search that finds pair issues you take part in (GitHub's "Searching issues and pull requests"). */
export function pairSearchQuery(me: string): string {
  return `is:issue in:title "${PAIR_TITLE}" involves:${me}`;
}

/** A REST issue as a PairIssue; undefined (with a warning) when it is not shaped like one. */
export function pairIssueOf(raw: unknown, host: string, warn: Warn): PairIssue | undefined {
  const r = record(raw);
  const repoUrl = text(r?.repository_url) ?? '';
  const at = repoUrl.lastIndexOf('/repos/');
  const [owner, name] = at >= 0 ? repoUrl.slice(at + '/repos/'.length).split('/') : [];
  const number = int(r?.number);
  const author = text(record(r?.user)?.login);
  const url = text(r?.html_url);
  const createdAt = time(r?.created_at);
  const state = text(r?.state);
  if (!owner || !name || number === undefined || !author || !url || !createdAt || (state !== 'open' && state !== 'closed')) {
    warn(`a pair issue from GitHub without repository, number, author, URL or state; skipped`);
    return undefined;
  }
  const repo: RepoRef = { host, owner, name };
  return { repo, number, url, author, body: text(r?.body) ?? '', state, createdAt, updatedAt: time(r?.updated_at) ?? createdAt };
}

function commentOf(raw: unknown): PairComment | undefined {
  const r = record(raw);
  const id = int(r?.id);
  const author = text(record(r?.user)?.login);
  const createdAt = time(r?.created_at);
  if (id === undefined || !author || !createdAt) return undefined;
  return { id, author, body: text(r?.body) ?? '', createdAt, url: text(r?.html_url) ?? `comment ${id}` };
}

async function commentsOf(client: GitHubClient, ref: PairRef): Promise<PairComment[]> {
  const out: PairComment[] = [];
  for (let page = 1; out.length < MAX_PAIR_COMMENTS && page <= MAX_PAIR_COMMENTS / 100; page++) {
    const { data } = await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      owner: ref.owner,
      repo: ref.name,
      issue_number: ref.number,
      per_page: 100,
      page,
    });
    const list = Array.isArray(data) ? (data as unknown[]) : [];
    for (const c of list) {
      const comment = commentOf(c);
      if (comment) out.push(comment);
    }
    if (list.length < 100) break;
  }
  return out;
}

/** Reads one pair issue and its comments into its state (undefined when it carries no pair that counts). */
export async function readPair(client: GitHubClient, host: string, raw: unknown, warn: Warn): Promise<PairState | undefined> {
  const issue = pairIssueOf(raw, host, warn);
  if (!issue) return undefined;
  const comments = await commentsOf(client, { owner: issue.repo.owner, name: issue.repo.name, number: issue.number });
  return reducePair(issue, comments, warn);
}

const key = (r: PairRef) => `${r.owner}/${r.name}#${r.number}`.toLowerCase();

/**
 * Every pair `me` is a side of: the search's results and the `known` refs, newest first. An issue that
 * cannot be read (deleted, access lost) is left out with a warning; a failed search fails the whole read.
 */
export async function fetchPairs(client: GitHubClient, host: string, me: string, known: readonly PairRef[], warn: Warn): Promise<PairState[]> {
  installEtagCache(client);
  const { data } = await client.request('GET /search/issues', { q: pairSearchQuery(me), sort: 'updated', order: 'desc', per_page: 50 });
  const items: unknown[] = Array.isArray(record(data)?.items) ? (record(data)?.items as unknown[]) : [];
  const seen = new Set<string>();
  const raws: unknown[] = [];
  for (const item of items) {
    const issue = pairIssueOf(item, host, () => undefined);
    if (!issue) continue;
    seen.add(key({ owner: issue.repo.owner, name: issue.repo.name, number: issue.number }));
    raws.push(item);
  }
  for (const ref of known) {
    if (seen.has(key(ref))) continue;
    seen.add(key(ref));
    try {
      raws.push((await client.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: ref.owner, repo: ref.name, issue_number: ref.number })).data);
    } catch (error) {
      warn(`pair ${key(ref)} could not be read: ${errorMessage(error)}`);
    }
  }
  const pairs: PairState[] = [];
  for (const raw of raws) {
    try {
      const pair = await readPair(client, host, raw, warn);
      const lower = me.toLowerCase();
      if (pair && (pair.inviter.toLowerCase() === lower || pair.invitee.toLowerCase() === lower)) pairs.push(pair);
    } catch (error) {
      warn(`a pair issue's comments could not be read: ${errorMessage(error)}`);
    }
  }
  return pairs.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/** Opens the invitation: an issue in `repo` mentioning and (where GitHub lets it) assigning the invitee. */
export async function createInvitation(client: GitHubClient, repo: RepoRef, me: string, invitee: string, topics: PairTopics, warn: Warn): Promise<PairState> {
  const { title, body } = invitationIssue(randomUUID(), me, invitee, topics);
  const create = (assignees: string[]) => client.rest.issues.create({ owner: repo.owner, repo: repo.name, title, body, assignees });
  let response;
  try {
    response = await create([invitee]);
  } catch (error) {
    // GitHub refuses the whole issue when an assignee cannot be assigned: ask again without; the mention still notifies.
    if (!isRequestError(error) || error.status !== 422) throw error;
    warn(`@${invitee} cannot be assigned in ${repo.owner}/${repo.name}; the invitation mentions them instead`);
    response = await create([]);
  }
  const pair = reducePair(pairIssueOf(response.data, repo.host, warn) ?? failShape(), [], warn);
  if (!pair) throw new Error('GitHub did not keep the invitation as written');
  return pair;
}

function failShape(): never {
  throw new Error('GitHub answered the new issue in an unexpected shape');
}

/**
 * Answers or changes a pair: one comment with the action's marker. The inviter, who wrote the issue,
 * also closes it when the pair ends (the invitee cannot close another's issue; the marker is enough).
 */
export async function postPairAction(client: GitHubClient, pair: PairState, me: string, action: PairAction, topics?: PairTopics): Promise<{ url: string }> {
  const partner = pair.inviter.toLowerCase() === me.toLowerCase() ? pair.invitee : pair.inviter;
  const owner = pair.repo.owner;
  const repo = pair.repo.name;
  const { data } = await client.rest.issues.createComment({
    owner,
    repo,
    issue_number: pair.number,
    body: actionComment(pair.id, action, me, partner, topics),
  });
  if (action === 'end' && pair.inviter.toLowerCase() === me.toLowerCase()) {
    await client.rest.issues.update({ owner, repo, issue_number: pair.number, state: 'closed', state_reason: 'completed' }).catch(() => undefined);
  }
  return { url: data.html_url };
}
