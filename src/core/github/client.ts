// The GitHub client: octokit (REST + GraphQL) with its throttling and retry plugins, following
// GitHub's retry-after and rate-limit headers, and errors sorted into what a person can act on.
// For a GitHub Enterprise base URL (…/api/v3) octokit sends GraphQL to …/api/graphql itself.
// Built from the parts of `octokit` it uses (octokit's own plugins at the versions it installs),
// without the App, OAuth and webhooks parts the `Octokit` of the `octokit` package brings along.
import { Octokit as OctokitCore } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export { describeProblem, fetchViewer, isRequestError, type GitHubProblem, type Viewer } from './problem';
/** The pair calls ride in this lazily loaded bundle too (ARCHITECTURE.md §Pairs): src/extension/pairs/ reaches them through the account. */
export * as pairsOnGitHub from '../pairs/github';

/** octokit's `Octokit` less its GraphQL pagination (unused): REST methods, pagination, retries, throttling. */
const Octokit = OctokitCore.plugin(restEndpointMethods, paginateRest, retry, throttling);

export interface ClientOptions {
  readonly apiUrl: string;
  readonly token: string;
  readonly userAgent: string;
  /** Receives a line when a request is throttled or retried (never the token). */
  readonly log?: (message: string) => void;
  /** Retries of a failed request (server error, network) with backoff; octokit's default is 3. */
  readonly retries?: number;
  /**
   * octokit spaces GraphQL queries and writes one second apart, as GitHub's secondary limits ask. On by
   * default; only tests and benchmarks against the sandbox turn it off.
   */
  readonly spaceQueries?: boolean;
}

/** A stand-in for octokit's Bottleneck group of writes that lets every request through at once. */
const unspaced = { key: () => ({ schedule: <T>(_options: unknown, task: (...args: unknown[]) => T, ...args: unknown[]) => Promise.resolve(task(...args)) }) };

export type GitHubClient = InstanceType<typeof Octokit>;

export function createGitHubClient(options: ClientOptions): GitHubClient {
  const log = options.log ?? (() => undefined);
  return new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl,
    userAgent: options.userAgent,
    ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
    throttle: {
      // The plugin calls only `key(id).schedule(options, task)` of the group (duck-typed here).
      ...(options.spaceQueries === false ? { write: unspaced as never } : {}),
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`rate limit reached for ${opts.method} ${opts.url}; ${retryCount < 1 ? `retrying in ${retryAfter} s` : 'giving up'}`);
        return retryCount < 1 && retryAfter <= 60;
      },
      onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
        log(`secondary rate limit for ${opts.method} ${opts.url}; ${retryCount < 2 ? `retrying in ${retryAfter} s` : 'giving up'}`);
        return retryCount < 2 && retryAfter <= 120;
      },
    },
  });
}
