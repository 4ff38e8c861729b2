// Concrete ways to give back when a pair has drifted one-sided: the partner's asks to you that no
// one answered yet, their pull requests waiting for your review, and issues labelled `help wanted`
// or `good first issue` in their repositories that match topics you teach. One search query.
// Also: "asks one side answered", the help the exchange history itself shows.
import type { GitHubClient } from '../github/client';
import { scanMarkers } from '../marker';
import type { Ask, Reply } from '../model';
import { connectionNodes, record, sameLogin, text, time } from '../sync/json';
import type { LedgerEvent } from './ledger';

export interface GiveBackItem {
  readonly kind: 'openAsk' | 'reviewRequest' | 'helpWanted';
  readonly title: string;
  readonly url: string;
  /** The ask to open in the panel (openAsk). */
  readonly askId?: string;
  /** Why it is suggested, e.g. "labelled help wanted, about testing". */
  readonly why: string;
}

const GIVE_BACK = /* GraphQL */ `
  query GiveBack($reviews: String!, $helpWanted: String!, $firstIssues: String!) {
    reviews: search(type: ISSUE, query: $reviews, first: 10) {
      nodes {
        ... on PullRequest {
          title
          url
          updatedAt
        }
      }
    }
    helpWanted: search(type: ISSUE, query: $helpWanted, first: 20) {
      nodes {
        ... on Issue {
          title
          url
          updatedAt
          labels(first: 20) {
            nodes {
              name
            }
          }
        }
      }
    }
    firstIssues: search(type: ISSUE, query: $firstIssues, first: 20) {
      nodes {
        ... on Issue {
          title
          url
          updatedAt
          labels(first: 20) {
            nodes {
              name
            }
          }
        }
      }
    }
  }
`;

/** The partner's asks to you with no reply from you yet, oldest first. */
export function unansweredAsks(asks: readonly Ask[], repliesOf: (askId: string) => readonly Reply[], me: string, partner: string): GiveBackItem[] {
  return asks
    .filter((a) => a.direction === 'received' && sameLogin(a.partner, partner) && a.posted && !repliesOf(a.id).some((r) => sameLogin(r.author, me)))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((a) => ({
      kind: 'openAsk',
      title: a.question.split('\n')[0] ?? '',
      url: a.posted!.url,
      askId: a.id,
      why: `@${partner} asked you${a.topic ? ` about ${a.topic}` : ''}`,
    }));
}

function matchesTopic(title: string, labels: readonly string[], topics: readonly string[]): string | undefined {
  const hay = `${title} ${labels.join(' ')}`.toLowerCase();
  return topics.find((t) => t.trim() && hay.includes(t.trim().toLowerCase()));
}

/** Suggestions from GitHub: review requests from the partner, and help-wanted issues in their repositories about what you teach. */
export async function findGiveBack(client: GitHubClient, me: string, partner: string, teaches: readonly string[]): Promise<GiveBackItem[]> {
  const data = record(
    await client.graphql(GIVE_BACK, {
      reviews: `is:pr is:open author:${partner} review-requested:${me} sort:updated-asc`,
      helpWanted: `is:issue is:open user:${partner} label:"help wanted" sort:updated-desc`,
      firstIssues: `is:issue is:open user:${partner} label:"good first issue" sort:updated-desc`,
    }),
  );
  const items: GiveBackItem[] = [];
  for (const raw of connectionNodes(data?.reviews) ?? []) {
    const n = record(raw);
    const title = text(n?.title);
    const url = text(n?.url);
    if (title !== undefined && url) items.push({ kind: 'reviewRequest', title, url, why: `@${partner} asked for your review` });
  }
  const seen = new Set<string>();
  for (const [key, label] of [
    ['helpWanted', 'help wanted'],
    ['firstIssues', 'good first issue'],
  ] as const) {
    for (const raw of connectionNodes(data?.[key]) ?? []) {
      const n = record(raw);
      const title = text(n?.title);
      const url = text(n?.url);
      if (title === undefined || !url || seen.has(url) || !time(n?.updatedAt)) continue;
      const labels = (connectionNodes(n?.labels) ?? []).map((l) => text(record(l)?.name) ?? '');
      const topic = teaches.length ? matchesTopic(title, labels, teaches) : undefined;
      if (teaches.length && !topic) continue; // only what you can teach
      seen.add(url);
      items.push({ kind: 'helpWanted', title, url, why: `labelled ${label}${topic ? `, about ${topic}` : ''}` });
    }
  }
  return items;
}

/** Help the history shows: each ask answered by the other side, at its first answer. */
export function answersIn(asks: readonly Ask[], repliesOf: (askId: string) => readonly Reply[], me: string): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const ask of asks) {
    const asker = ask.direction === 'sent' ? me : ask.partner;
    const answerer = ask.direction === 'sent' ? ask.partner : me;
    // A lesson recorded in the thread is not an answer to it.
    const first = repliesOf(ask.id)
      .filter((r) => sameLogin(r.author, answerer) && !scanMarkers(r.body).markers.some((m) => m.kind === 'lesson'))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!first) continue;
    events.push({
      kind: 'help',
      type: 'answer',
      id: `answer:${ask.id}`,
      at: first.createdAt,
      from: answerer,
      to: asker,
      title: ask.question.split('\n')[0] ?? '',
      url: first.url,
      ...(ask.topic ? { topic: ask.topic } : {}),
    });
  }
  return events;
}
