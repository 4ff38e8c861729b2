// The ledger's exchanges rebuilt from GitHub alone, for a fresh machine (an empty store) or either
// partner: the issues and pull requests labelled for mentoring that involve both people, searched
// in pages of 20, each with its conversation and review threads. From their comments come the
// lessons (under the trust rule in lessons.ts) and the answered asks (an ask marker's author asked;
// the first later comment by the other person answered).
import type { GitHubClient } from '../github/client';
import { scanMarkers } from '../marker';
import { DEFAULT_LABEL } from '../model';
import { authorLogin, connectionNodes, record, sameLogin, text, time } from '../sync/json';
import type { LedgerEvent } from './ledger';
import { lessonsIn, type CommentLike } from './lessons';

const HISTORY = /* GraphQL */ `
  query LedgerHistory($searchQuery: String!, $after: String) {
    search(type: ISSUE, query: $searchQuery, first: 20, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ... on Issue {
          id
          title
          body
          createdAt
          url
          author {
            login
          }
          comments(last: 100) {
            nodes {
              id
              body
              createdAt
              url
              author {
                login
              }
            }
          }
        }
        ... on PullRequest {
          id
          title
          body
          createdAt
          url
          author {
            login
          }
          comments(last: 100) {
            nodes {
              id
              body
              createdAt
              url
              author {
                login
              }
            }
          }
          reviewThreads(last: 50) {
            nodes {
              comments(last: 50) {
                nodes {
                  id
                  body
                  createdAt
                  url
                  author {
                    login
                  }
                }
              }
            }
          }
        }
      }
    }
    rateLimit {
      cost
      remaining
    }
  }
`;

/** The comments of a GraphQL connection that have what a lesson or an answer needs; others are skipped. */
export function comments(connection: unknown): CommentLike[] {
  return (connectionNodes(connection) ?? []).flatMap((raw) => {
    const c = record(raw);
    const body = text(c?.body);
    const createdAt = time(c?.createdAt);
    const url = text(c?.url);
    const nodeId = text(c?.id);
    const author = c ? authorLogin(c.author) : undefined;
    return body !== undefined && createdAt && url && nodeId && author ? [{ body, createdAt, url, nodeId, author }] : [];
  });
}

/** Answered asks in one conversation: each ask marker whose author is one of the pair, answered by the other. */
export function answers(list: readonly CommentLike[], title: string, me: string, partner: string): LedgerEvent[] {
  const sorted = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const events: LedgerEvent[] = [];
  sorted.forEach((c, i) => {
    const ask = scanMarkers(c.body).markers.find((m) => m.kind === 'ask');
    if (!ask || !(sameLogin(c.author, me) || sameLogin(c.author, partner))) return;
    const other = sameLogin(c.author, me) ? partner : me;
    const answer = sorted.slice(i + 1).find((x) => sameLogin(x.author, other) && !scanMarkers(x.body).markers.some((m) => m.kind === 'lesson'));
    if (!answer) return;
    events.push({
      kind: 'help',
      type: 'answer',
      id: `answer:${ask.id}`,
      at: answer.createdAt,
      from: other,
      to: c.author,
      title,
      url: answer.url,
      ...(ask.topic ? { topic: ask.topic } : {}),
    });
  });
  return events;
}

export interface HistoryResult {
  readonly events: LedgerEvent[];
  readonly requests: number;
  readonly cost: number;
  readonly warnings: string[];
}

/** Lessons and answered asks between `me` and `partner`, from GitHub alone. */
export async function findHistory(
  client: GitHubClient,
  me: string,
  partner: string,
  options: { label?: string; maxPages?: number } = {},
): Promise<HistoryResult> {
  const searchQuery = `label:"${options.label ?? DEFAULT_LABEL}" involves:${me} involves:${partner}`;
  const events: LedgerEvent[] = [];
  const warnings: string[] = [];
  let after: string | null = null;
  let requests = 0;
  let cost = 0;
  for (let page = 0; page < (options.maxPages ?? 10); page++) {
    const data = record(await client.graphql(HISTORY, { searchQuery, after }));
    requests++;
    const rate = record(data?.rateLimit)?.cost;
    cost += typeof rate === 'number' ? rate : 0;
    const search = record(data?.search);
    const nodes = connectionNodes(search);
    if (!search || !nodes) {
      warnings.push('history search: GitHub’s answer has no results list');
      break;
    }
    for (const raw of nodes) {
      const node = record(raw);
      if (!node) continue;
      const title = text(node.title) ?? '';
      const threads = (connectionNodes(node.reviewThreads) ?? []).map((t) => comments(record(t)?.comments));
      // The issue or pull request itself opens its conversation (an issue ask's marker is in its body).
      const conversation = [...comments({ nodes: [node] }), ...comments(node.comments)];
      for (const list of [conversation, ...threads]) {
        for (const c of list) {
          for (const l of lessonsIn(c, (w) => warnings.push(w))) {
            events.push({
              kind: 'lesson',
              id: `lesson:${l.nodeId}:${l.id}`,
              at: l.createdAt,
              from: l.teacher,
              to: l.learner,
              text: l.text,
              url: l.url,
              ...(l.topic ? { topic: l.topic } : {}),
            });
          }
        }
        events.push(...answers(list, title, me, partner));
      }
    }
    const info = record(search.pageInfo);
    after = text(info?.endCursor) ?? null;
    if (info?.hasNextPage !== true || !after) break;
  }
  const unique = new Map(events.map((e) => [e.id, e]));
  return { events: [...unique.values()], requests, cost, warnings };
}
