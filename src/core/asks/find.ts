// Finds an ask already on GitHub by the client id in its marker, so a retry after a crash between
// sending and hearing back never posts twice; and the review thread a review comment opened.
import type { GitHubClient } from '../github/client';
import { scanMarkers } from '../marker';
import type { AskTarget, PostedRef, RepoRef } from '../model';

export interface FindOptions {
  /** The asker's login: only their comments count (a marker speaks for its author only). */
  readonly author?: string;
}

/** The body carries the ask marker with this client id. */
export function carriesAsk(body: string | null | undefined, askId: string): boolean {
  return scanMarkers(body ?? '').markers.some((m) => m.kind === 'ask' && m.id === askId);
}

const byAuthor = (author: string | undefined, login: string | undefined) => !author || login?.toLowerCase() === author.toLowerCase();

const REVIEW_THREADS = /* GraphQL */ `
  query AskReviewThreads($owner: String!, $name: String!, $number: Int!, $before: String) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        reviewThreads(last: 50, before: $before) {
          pageInfo {
            hasPreviousPage
            startCursor
          }
          nodes {
            id
            comments(first: 1) {
              nodes {
                id
              }
            }
          }
        }
      }
    }
  }
`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
        nodes: { id: string; comments: { nodes: { id: string }[] } }[];
      };
    } | null;
  } | null;
}

/**
 * The node id of the review thread a review comment started. GitHub's schema has no thread field on
 * a comment, so the pull request's threads are read newest first until one starts with the comment.
 */
export async function reviewThreadOf(client: GitHubClient, repo: RepoRef, pull: number, commentNodeId: string): Promise<string | undefined> {
  let before: string | null = null;
  for (;;) {
    const page: ThreadsPage = await client.graphql<ThreadsPage>(REVIEW_THREADS, { owner: repo.owner, name: repo.name, number: pull, before });
    const threads = page.repository?.pullRequest?.reviewThreads;
    if (!threads) return undefined;
    const found = threads.nodes.find((t) => t.comments.nodes[0]?.id === commentNodeId);
    if (found) return found.id;
    if (!threads.pageInfo.hasPreviousPage || !threads.pageInfo.startCursor) return undefined;
    before = threads.pageInfo.startCursor;
  }
}

/** Looks for the ask with this client id where the target says it goes; undefined when it is not there. */
export async function findPostedAsk(client: GitHubClient, target: AskTarget, askId: string, options: FindOptions = {}): Promise<PostedRef | undefined> {
  const owner = target.repo.owner;
  const repo = target.repo.name;
  switch (target.kind) {
    case 'reviewComment':
    case 'fileComment': {
      // Either kind: a review comment whose lines were refused is posted on the file instead.
      const pages = client.paginate.iterator(client.rest.pulls.listReviewComments, {
        owner,
        repo,
        pull_number: target.pull,
        sort: 'created',
        direction: 'desc',
        per_page: 100,
      });
      for await (const { data } of pages) {
        const c = data.find((x) => carriesAsk(x.body, askId) && byAuthor(options.author, x.user?.login));
        if (!c) continue;
        const thread = await reviewThreadOf(client, target.repo, target.pull, c.node_id);
        return { url: c.html_url, nodeId: c.node_id, databaseId: c.id, ...(thread ? { threadNodeId: thread } : {}) };
      }
      return undefined;
    }
    case 'issue': {
      const pages = client.paginate.iterator(client.rest.issues.listForRepo, {
        owner,
        repo,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        per_page: 100,
        ...(options.author ? { creator: options.author } : {}),
      });
      for await (const { data } of pages) {
        const i = data.find((x) => !x.pull_request && carriesAsk(x.body, askId) && byAuthor(options.author, x.user?.login));
        if (i) return { url: i.html_url, nodeId: i.node_id, databaseId: i.id, number: i.number };
      }
      return undefined;
    }
    case 'pullRequest': {
      const pages = client.paginate.iterator(client.rest.issues.listComments, { owner, repo, issue_number: target.pull, per_page: 100 });
      for await (const { data } of pages) {
        const c = data.find((x) => carriesAsk(x.body, askId) && byAuthor(options.author, x.user?.login));
        if (c) return { url: c.html_url, nodeId: c.node_id, databaseId: c.id, number: target.pull };
      }
      return undefined;
    }
  }
}
